package dev.kiln.cli.tracking;

import dev.kiln.store.Metric;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** How tracking and registry values are printed. */
final class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Formats() {}

  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  static String time(Long epochMillis) {
    return epochMillis == null ? "-" : time(epochMillis.longValue());
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Inf" : "-Inf";
    }
    double a = Math.abs(v);
    if (v == Math.rint(v) && a < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    if (a >= 1e-3 && a < 1e6) {
      return String.format(Locale.ROOT, "%.4f", v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** True for a metric key that is another metric's interval bound ({@code auc_lower}). */
  static boolean isBound(String key, Map<String, Metric> metrics) {
    for (String suffix : new String[] {TrainingRun.LOWER, TrainingRun.UPPER}) {
      if (key.endsWith(suffix)
          && metrics.containsKey(key.substring(0, key.length() - suffix.length()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * A metric's value with its interval when the run logged one: {@code 0.9123 [0.9001, 0.9240]}.
   */
  static String withInterval(String key, Map<String, Metric> metrics) {
    Metric m = metrics.get(key);
    if (m == null) {
      return "-";
    }
    Metric lo = metrics.get(key + TrainingRun.LOWER);
    Metric hi = metrics.get(key + TrainingRun.UPPER);
    String v = number(m.value());
    return lo == null || hi == null
        ? v
        : v + " [" + number(lo.value()) + ", " + number(hi.value()) + "]";
  }

  static String shortDigest(String digest) {
    if (digest == null) {
      return "-";
    }
    return digest.length() > 19 ? digest.substring(0, 19) + "…" : digest;
  }
}
