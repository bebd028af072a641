package dev.kiln.core.profile;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.profile.ColumnProfile.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws a column's histogram as inline SVG: vertical bars over a value axis for numbers and
 * timestamps (binned or one bar per value), horizontal bars for categories and booleans. Nulls get
 * their own grey bar so a column's missing values are seen next to its values.
 */
final class HistogramSvg {
  private static final int WIDTH = 640;
  private static final int PLOT_HEIGHT = 150;
  private static final int LEFT = 56;
  private static final int RIGHT = 12;
  private static final int TOP = 10;
  private static final int BOTTOM = 40;
  private static final int NULL_GAP = 14;
  private static final int ROW = 20;
  private static final int LABEL_WIDTH = 170;

  private HistogramSvg() {}

  /** The chart for a column, or an empty string when it has no values to draw. */
  static String render(ColumnProfile c) {
    Histogram h = c.histogram();
    if (h == null || h.counts().isEmpty()) {
      return c.nulls() > 0 ? horizontal(List.of(), List.of(), c.nulls()) : "";
    }
    ColumnType type = ColumnType.parse(c.type());
    if (type == ColumnType.CATEGORICAL || type == ColumnType.TEXT || type == ColumnType.BOOLEAN) {
      return horizontal(h.labels(), h.counts(), c.nulls());
    }
    if (h.edges() != null) {
      return binned(h, type == ColumnType.TIMESTAMP, c.nulls());
    }
    return vertical(h.labels(), h.counts(), c.nulls(), type == ColumnType.TIMESTAMP);
  }

  /** Equal-width bins: bars touch, the axis shows a few edge values. */
  private static String binned(Histogram h, boolean dates, long nulls) {
    List<Double> edges = h.edges();
    double lo = edges.get(0);
    double hi = edges.get(edges.size() - 1);
    List<String> tips = new ArrayList<>();
    for (int i = 0; i < h.counts().size(); i++) {
      String a = dates ? Html.date(edges.get(i), hi - lo) : Html.number(edges.get(i));
      String b = dates ? Html.date(edges.get(i + 1), hi - lo) : Html.number(edges.get(i + 1));
      tips.add("[" + a + ", " + b + (i == h.counts().size() - 1 ? "]" : ")"));
    }
    Chart chart = new Chart(h.counts(), nulls, tips, 0);
    StringBuilder svg = chart.open();
    double plot = chart.barWidth * h.counts().size();
    if (dates) {
      // Dates are wide: four labels at the ends and thirds of the range.
      for (int t = 0; t <= 3; t++) {
        double v = lo + (hi - lo) * t / 3;
        chart.xLabel(
            svg,
            LEFT + plot * t / 3,
            Html.date(v, hi - lo),
            t == 0 ? "start" : t == 3 ? "end" : "middle");
      }
    } else if (hi > lo) {
      double step = niceStep((hi - lo) / 5);
      for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        double x = LEFT + plot * (v - lo) / (hi - lo);
        chart.tickMark(svg, x);
        chart.xLabel(svg, x, Html.number(Math.abs(v) < step * 1e-9 ? 0 : v), "middle");
      }
    } else {
      chart.xLabel(svg, LEFT + plot / 2, Html.number(lo), "middle");
    }
    return chart.close(svg);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  /** One bar per value (few distinct numbers): labels under a readable subset of the bars. */
  private static String vertical(
      List<String> labels, List<Long> counts, long nulls, boolean dates) {
    List<String> shown = new ArrayList<>();
    for (String l : labels) {
      shown.add(dates ? Html.instant(l).replace(":00Z", "Z") : l);
    }
    Chart chart = new Chart(counts, nulls, shown, 2);
    StringBuilder svg = chart.open();
    int every = Math.max(1, (int) Math.ceil(labels.size() / (double) (dates ? 4 : 12)));
    for (int i = 0; i < labels.size(); i += every) {
      chart.xLabel(
          svg, LEFT + (i + 0.5) * chart.barWidth, Html.shorten(shown.get(i), 24), "middle");
    }
    return chart.close(svg);
  }

  /** Categories as horizontal bars, most frequent first, count at the end of each bar. */
  private static String horizontal(List<String> labels, List<Long> counts, long nulls) {
    List<String> names = new ArrayList<>(labels);
    List<Long> values = new ArrayList<>(counts);
    if (nulls > 0) {
      names.add(null);
      values.add(nulls);
    }
    long max = values.stream().mapToLong(Long::longValue).max().orElse(1);
    int height = values.size() * ROW + 4;
    int barSpace = WIDTH - LABEL_WIDTH - 70;
    StringBuilder svg = header(height);
    for (int i = 0; i < values.size(); i++) {
      String name = names.get(i);
      long v = values.get(i);
      double y = 2 + i * ROW;
      double w = max == 0 ? 0 : Math.max(v > 0 ? 1 : 0, barSpace * (double) v / max);
      String label = name == null ? "null" : Html.shorten(name, 26);
      String css = name == null ? "bar null" : "(other)".equals(name) ? "bar other" : "bar";
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"lbl%s\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
              name == null ? " nulllbl" : "",
              LABEL_WIDTH - 6,
              y + 14,
              Html.escape(label)));
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"><title>%s: %s</title></rect>",
              css,
              LABEL_WIDTH,
              y + 2,
              w,
              ROW - 5,
              Html.escape(name == null ? "null" : name),
              Html.count(v)));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"val\" x=\"%.1f\" y=\"%.1f\">%s</text>",
              LABEL_WIDTH + w + 4,
              y + 14,
              Html.count(v)));
    }
    return svg.append("</svg>").toString();
  }

  static StringBuilder header(int height) {
    return new StringBuilder(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" role=\"img\">",
            WIDTH,
            height,
            WIDTH,
            height));
  }

  /** A vertical bar chart with a count axis, an optional grey null bar at the right. */
  private static final class Chart {
    final List<Long> counts;
    final long nulls;
    final List<String> tips;
    final double barWidth;
    final double gap;
    final long step;
    final long top;

    Chart(List<Long> counts, long nulls, List<String> tips, double gap) {
      this.counts = counts;
      this.nulls = nulls;
      this.tips = tips;
      this.gap = gap;
      double plotWidth = WIDTH - LEFT - RIGHT - (nulls > 0 ? NULL_GAP + 28 : 0);
      this.barWidth = plotWidth / counts.size();
      long max = Math.max(nulls, counts.stream().mapToLong(Long::longValue).max().orElse(0));
      this.step = Math.max(1, (long) niceStep(Math.max(max, 1) / 4.0));
      this.top = Math.max(step, (max + step - 1) / step * step);
    }

    StringBuilder open() {
      StringBuilder svg = header(TOP + PLOT_HEIGHT + BOTTOM);
      double base = TOP + PLOT_HEIGHT;
      for (long v = 0; v <= top; v += step) {
        double y = base - PLOT_HEIGHT * (double) v / top;
        svg.append(
            String.format(
                Locale.ROOT,
                "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                    + "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                LEFT - 5,
                y + 4,
                Html.count(v)));
      }
      for (int i = 0; i < counts.size(); i++) {
        bar(svg, LEFT + i * barWidth, counts.get(i), "bar", tips.get(i));
      }
      if (nulls > 0) {
        double x = WIDTH - RIGHT - 28;
        bar(svg, x + gap, nulls, "bar null", "null");
        xLabel(svg, x + 14, "null", "middle");
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
              LEFT,
              WIDTH - RIGHT,
              base,
              base));
      return svg;
    }

    private void bar(StringBuilder svg, double x, long count, String css, String tip) {
      double h = top == 0 ? 0 : PLOT_HEIGHT * (double) count / top;
      if (count > 0 && h < 1) {
        h = 1; // a bin that holds anything stays visible
      }
      double w = css.contains("null") ? 28 - 2 * gap : Math.max(barWidth - gap, 0.5);
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\">"
                  + "<title>%s: %s</title></rect>",
              css,
              x + gap / 2,
              TOP + PLOT_HEIGHT - h,
              w,
              h,
              Html.escape(tip),
              Html.count(count)));
    }

    void tickMark(StringBuilder svg, double x) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<line class=\"axis\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>",
              x,
              x,
              TOP + PLOT_HEIGHT,
              TOP + PLOT_HEIGHT + 4));
    }

    void xLabel(StringBuilder svg, double x, String label, String anchor) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>",
              x,
              TOP + PLOT_HEIGHT + 16,
              anchor,
              Html.escape(label)));
    }

    String close(StringBuilder svg) {
      return svg.append("</svg>").toString();
    }
  }
}
