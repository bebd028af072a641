package dev.kiln.core.profile;

/** The profile page's style sheet, inlined so the page is one self-contained file. */
final class ProfileCss {
  static final String CSS =
      """
      :root{--ink:#1d2330;--muted:#667085;--line:#e4e7ec;--bar:#3b6fd8;--null:#b0b7c3;\
      --other:#8fa8dc;--bg:#f6f7f9}
      *{box-sizing:border-box}
      body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",\
      Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
      h1{font-size:22px;margin:0 0 8px;word-break:break-all}
      h2{font-size:17px;margin:24px 0 8px}
      h3{font-size:16px;margin:0 0 10px;word-break:break-all}
      header{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px}
      dl.meta{display:flex;flex-wrap:wrap;gap:8px 32px;margin:0}
      dl.meta div{min-width:0}
      dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
      dd{margin:0;font-weight:600}
      code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;word-break:break-all}
      table{border-collapse:collapse}
      table.overview{width:100%;background:#fff;border:1px solid var(--line);border-radius:8px}
      .overview th,.overview td{padding:6px 10px;border-bottom:1px solid var(--line);\
      text-align:left;vertical-align:top}
      .overview th{font-size:12px;color:var(--muted);font-weight:600}
      .overview td:first-child{word-break:break-all}
      .overview a{color:var(--ink);font-weight:600;text-decoration:none}
      .overview a:hover{text-decoration:underline}
      .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
      .warn{color:#b54708}
      .type{display:inline-block;font-size:11px;font-weight:600;padding:1px 7px;\
      border-radius:10px;background:#eef2ff;color:#3538cd;vertical-align:middle}
      .type.float,.type.integer{background:#ecfdf3;color:#067647}
      .type.timestamp{background:#fef6ee;color:#b93815}
      .type.boolean{background:#fdf2fa;color:#c11574}
      .type.text{background:#f2f4f7;color:#344054}
      .card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;\
      margin:16px 0}
      .card .body{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
      table.stats{min-width:260px;max-width:340px}
      .stats th,.stats td{padding:2px 8px 2px 0;border-bottom:1px solid #f2f4f7}
      .stats th{text-align:left;font-weight:500;color:var(--muted)}
      .stats th.sub{padding-top:10px;color:var(--ink);font-weight:600}
      .stats td.value{max-width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
      figure{margin:0;flex:1;min-width:300px}
      svg.chart{max-width:100%;height:auto;font:11px system-ui,Arial,sans-serif}
      .bar{fill:var(--bar)}
      .bar:hover{fill:#1f4fb0}
      .bar.null{fill:var(--null)}
      .bar.other{fill:var(--other)}
      .grid{stroke:#eef0f3}
      .axis{stroke:#98a2b3}
      .tick{fill:var(--muted)}
      .lbl{fill:var(--ink)}
      .nulllbl{fill:var(--muted);font-style:italic}
      .val{fill:var(--muted)}
      footer{color:var(--muted);font-size:12px;margin-top:24px}
      """;

  private ProfileCss() {}
}
