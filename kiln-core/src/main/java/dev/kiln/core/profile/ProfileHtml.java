package dev.kiln.core.profile;

import static dev.kiln.core.profile.Html.count;
import static dev.kiln.core.profile.Html.escape;
import static dev.kiln.core.profile.Html.number;

import dev.kiln.core.profile.ColumnProfile.ValueCount;
import java.util.List;
import java.util.Map;

/**
 * Renders a profile as one self-contained HTML page: inline CSS and SVG, no script, nothing fetched
 * from the network. Every string that comes from the data (source, column names, values) is
 * escaped.
 */
public final class ProfileHtml {
  private static final int TOP_SHOWN = 10;

  private ProfileHtml() {}

  public static String render(Profile p) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Profile of ")
        .append(escape(p.source()))
        .append("</title><style>")
        .append(ProfileCss.CSS)
        .append("</style></head><body>\n");
    header(html, p);
    overview(html, p);
    for (int i = 0; i < p.columns().size(); i++) {
      card(html, p.columns().get(i), i);
    }
    html.append("<footer>Kiln profile format ")
        .append(p.formatVersion())
        .append(". Quantiles are estimated by a KLL sketch (exact up to 400 values); distinct")
        .append(
            " counts above a few hundred are HyperLogLog estimates.</footer>\n</body></html>\n");
    return html.toString();
  }

  private static void header(StringBuilder html, Profile p) {
    html.append("<header><h1>").append(escape(p.source())).append("</h1><dl class=\"meta\">");
    meta(html, "rows", count(p.rows()));
    meta(html, "columns", count(p.columns().size()));
    meta(html, "digest", "<code>" + escape(p.digest()) + "</code>");
    meta(html, "created", escape(Html.instant(p.createdAt())));
    html.append("</dl></header>\n");
  }

  private static void meta(StringBuilder html, String term, String valueHtml) {
    html.append("<div><dt>")
        .append(term)
        .append("</dt><dd>")
        .append(valueHtml)
        .append("</dd></div>");
  }

  private static void overview(StringBuilder html, Profile p) {
    html.append("<section><h2>Columns</h2><table class=\"overview\"><thead><tr>")
        .append("<th>column</th><th>type</th><th class=\"num\">nulls</th>")
        .append("<th class=\"num\">distinct</th><th>summary</th></tr></thead><tbody>");
    for (int i = 0; i < p.columns().size(); i++) {
      ColumnProfile c = p.columns().get(i);
      html.append("<tr><td><a href=\"#c")
          .append(i)
          .append("\">")
          .append(escape(c.name()))
          .append("</a></td><td><span class=\"type ")
          .append(escape(c.type()))
          .append("\">")
          .append(escape(c.type()))
          .append("</span></td><td class=\"num")
          .append(c.nulls() > 0 ? " warn" : "")
          .append("\">")
          .append(Html.percent(c.nullRate()))
          .append("</td><td class=\"num\">")
          .append(count(c.distinct()))
          .append("</td><td>")
          .append(escape(summary(c)))
          .append("</td></tr>");
    }
    html.append("</tbody></table></section>\n");
  }

  /** One line per column for the overview table. */
  static String summary(ColumnProfile c) {
    if (c.numbers() != null) {
      var n = c.numbers();
      if (n.min() == null) {
        return "no finite values";
      }
      return "min "
          + number(n.min())
          + " · median "
          + number(n.quantiles().get("p50"))
          + " · max "
          + number(n.max())
          + " · mean "
          + number(n.mean());
    }
    if (c.timestamps() != null) {
      return Html.instant(c.timestamps().min()) + " → " + Html.instant(c.timestamps().max());
    }
    if (c.top() != null && !c.top().isEmpty()) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < Math.min(3, c.top().size()); i++) {
        ValueCount v = c.top().get(i);
        s.append(i > 0 ? ", " : "")
            .append(Html.shorten(v.value(), 24))
            .append(" (")
            .append(count(v.count()))
            .append(')');
      }
      return s.toString();
    }
    return c.nulls() == c.count() ? "all null" : "";
  }

  private static void card(StringBuilder html, ColumnProfile c, int index) {
    html.append("<section class=\"card\" id=\"c")
        .append(index)
        .append("\"><h3>")
        .append(escape(c.name()))
        .append(" <span class=\"type ")
        .append(escape(c.type()))
        .append("\">")
        .append(escape(c.type()))
        .append("</span></h3><div class=\"body\"><table class=\"stats\">");
    row(html, "rows", count(c.count()));
    row(html, "nulls", count(c.nulls()) + " (" + Html.percent(c.nullRate()) + ")");
    row(html, "distinct", count(c.distinct()));
    if (c.numbers() != null) {
      numbers(html, c.numbers());
    }
    if (c.timestamps() != null) {
      row(html, "earliest", Html.instant(c.timestamps().min()));
      row(html, "latest", Html.instant(c.timestamps().max()));
      quantiles(html, c.timestamps().quantiles(), Html::instant);
    }
    if (c.lengths() != null) {
      row(
          html,
          "length",
          c.lengths().min()
              + " – "
              + number(c.lengths().mean())
              + " – "
              + c.lengths().max()
              + " (min – mean – max)");
    }
    if (c.top() != null) {
      top(html, c.top());
    }
    html.append("</table><figure>")
        .append(HistogramSvg.render(c))
        .append("</figure></div></section>\n");
  }

  private static void numbers(StringBuilder html, ColumnProfile.Numbers n) {
    row(html, "min", number(n.min()));
    row(html, "max", number(n.max()));
    row(html, "mean", number(n.mean()));
    row(html, "std", number(n.std()));
    if (n.quantiles() != null) {
      quantiles(html, n.quantiles(), v -> number(v));
    }
    row(html, "zeros", count(n.zeros()));
    if (n.nan() > 0 || n.infinite() > 0) {
      row(html, "NaN", count(n.nan()));
      row(html, "±infinity", count(n.infinite()));
    }
  }

  private static <T> void quantiles(
      StringBuilder html, Map<String, T> q, java.util.function.Function<T, String> format) {
    if (q == null) {
      return;
    }
    for (var e : q.entrySet()) {
      row(html, e.getKey(), format.apply(e.getValue()));
    }
  }

  private static void top(StringBuilder html, List<ValueCount> top) {
    html.append("<tr><th colspan=\"2\" class=\"sub\">most frequent</th></tr>");
    for (int i = 0; i < Math.min(TOP_SHOWN, top.size()); i++) {
      ValueCount v = top.get(i);
      html.append("<tr><td class=\"value\" title=\"")
          .append(escape(v.value()))
          .append("\">")
          .append(escape(Html.shorten(v.value(), 32)))
          .append("</td><td class=\"num\">")
          .append(count(v.count()))
          .append("</td></tr>");
    }
  }

  /** A statistic's row; {@code value} is escaped here. */
  private static void row(StringBuilder html, String name, String value) {
    html.append("<tr><th>")
        .append(escape(name))
        .append("</th><td class=\"num\">")
        .append(escape(value))
        .append("</td></tr>");
  }

  static String escape(String s) {
    return Html.escape(s);
  }
}
