package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.StringColumn;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProfileHtmlTest {
  private static final Set<String> ELEMENTS =
      Set.of(
          "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "dl", "div",
          "dt", "dd", "code", "section", "table", "thead", "tbody", "tr", "th", "td", "a", "span",
          "figure", "footer", "svg", "line", "text", "rect");
  private static final String ATTACK = "\"'><img src=x onerror=alert(1)><script>alert(2)</script>";

  @Test
  void columnNamesValuesAndSourceCannotInjectMarkup() {
    StringColumn.Builder values =
        new StringColumn.Builder("<b>" + ATTACK, ColumnType.CATEGORICAL, 4);
    values.add(ATTACK);
    values.add(ATTACK);
    values.add("x&y");
    values.addNull();
    DoubleColumn.Builder numbers = new DoubleColumn.Builder(ATTACK + "2", 4);
    for (double v : new double[] {1, 2, 3, 4}) {
      numbers.add(v);
    }
    Frame frame = new Frame(List.of(values.build(), numbers.build()));

    String html = ProfileHtml.render(Profiler.of(frame, "/data/" + ATTACK + ".csv", Instant.EPOCH));

    assertThat(elements(html)).isSubsetOf(ELEMENTS);
    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<img");
    // Escaped quotes cannot end an attribute value, so without its values no tag has a handler.
    assertThat(html.replaceAll("=\"[^\"]*\"", "=\"\""))
        .doesNotContainPattern("(?i)<[^>]*\\son\\w+\\s*=");
    assertThat(html)
        .contains("&lt;b&gt;&quot;&#39;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;")
        .contains("x&amp;y");
  }

  @Test
  void pageIsSelfContainedWithoutScriptsOrNetworkReferences() {
    String html = render("mixed");

    assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link");
    assertThat(html).doesNotContain("src=", "url(", "@import");
    assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", ""))
        .doesNotContain("http://", "https://");
  }

  @Test
  void headerShowsSourceRowsColumnsDigestAndCreationTime() {
    Profile profile =
        Profiler.of(Fixtures.frame("mixed"), "payments.csv", Instant.parse("2024-06-01T12:00:00Z"));

    String html = ProfileHtml.render(profile);

    assertThat(html)
        .contains("<h1>payments.csv</h1>")
        .contains("<dt>rows</dt><dd>300</dd>")
        .contains("<dt>columns</dt><dd>7</dd>")
        .contains(profile.digest())
        .contains("2024-06-01 12:00:00Z");
  }

  @Test
  void everyColumnHasAnOverviewRowAndACardWithAChart() {
    Profile profile = Profiler.of(Fixtures.frame("mixed"), "mixed.csv", Instant.EPOCH);
    String html = ProfileHtml.render(profile);

    for (int i = 0; i < profile.columns().size(); i++) {
      String name = profile.columns().get(i).name();
      assertThat(html).contains("<a href=\"#c" + i + "\">" + name + "</a>");
      String card = card(html, i);
      assertThat(card).as(name).contains("<h3>" + name + " ").contains("<svg class=\"chart\"");
    }
  }

  @Test
  void cardsShowEachTypesStatisticsAndNulls() {
    String html = render("mixed");

    assertThat(card(html, 1)) // amount: float with nulls, NaN and infinities
        .contains("<th>p50</th><td class=\"num\">32.16</td>")
        .contains("<th>NaN</th><td class=\"num\">4</td>")
        .contains("<th>±infinity</th><td class=\"num\">5</td>")
        .contains("<rect class=\"bar null\"")
        .contains("<title>null: 13</title>");
    assertThat(card(html, 2)) // merchant: categorical bars and top values
        .contains("<td class=\"value\" title=\"grocery\">grocery</td><td class=\"num\">93</td>")
        .contains("<title>grocery: 93</title>");
    assertThat(card(html, 3)) // created_at: dates on the axis, quantiles as instants
        .contains(">2024-01-01</text>")
        .contains("<th>p50</th><td class=\"num\">2024-02-15 20:55:14Z</td>");
    assertThat(card(html, 4))
        .contains("<title>true: 16</title>")
        .contains("<title>false: 277</title>");
  }

  @Test
  void numericAxisIsLabelledWithRoundNumbers() {
    String html = render("large");

    assertThat(card(html, 0)).contains(">100</text>").contains(">50</text>");
  }

  private static String render(String fixture) {
    return ProfileHtml.render(
        Profiler.of(Fixtures.frame(fixture), fixture + ".csv", Instant.EPOCH));
  }

  private static String card(String html, int index) {
    int start = html.indexOf("<section class=\"card\" id=\"c" + index + "\">");
    assertThat(start).as("card " + index).isNotNegative();
    return html.substring(start, html.indexOf("</section>", start));
  }

  private static Set<String> elements(String html) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)").matcher(html);
    while (m.find()) {
      names.add(m.group(1).toLowerCase(java.util.Locale.ROOT));
    }
    return names;
  }
}
