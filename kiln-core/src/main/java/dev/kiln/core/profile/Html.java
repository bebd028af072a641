package dev.kiln.core.profile;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Escaping and number/date formatting for the profile page. */
final class Html {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final double DAY_MICROS = 86_400e6;

  private Html() {}

  /** Text safe in element content and in quoted attribute values (HTML and SVG alike). */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t') {
            out.append('\uFFFD'); // control characters are not allowed in HTML text
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  /** A number as a person reads it: grouped integers, five significant digits otherwise. */
  static String number(Double v) {
    if (v == null) {
      return "–";
    }
    if (v.isNaN() || v.isInfinite()) {
      return v.toString();
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%,d", v.longValue());
    }
    double a = Math.abs(v);
    if (a >= 1e9 || a < 1e-4) {
      return String.format(Locale.ROOT, "%.4e", v);
    }
    return new BigDecimal(v).round(new MathContext(5)).stripTrailingZeros().toPlainString();
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String percent(double rate) {
    if (rate > 0 && rate < 0.001) {
      return "<0.1%";
    }
    return String.format(Locale.ROOT, "%.1f%%", rate * 100);
  }

  /** A timestamp axis label, as fine as the axis's span needs. */
  static String date(double micros, double spanMicros) {
    Instant t = Instant.EPOCH.plus((long) micros, ChronoUnit.MICROS);
    return (spanMicros > 3 * DAY_MICROS ? DAY : MINUTE).format(t);
  }

  /** An ISO-8601 instant shortened for a table cell ("2024-01-05 13:45:10Z" style). */
  static String instant(String iso) {
    return iso == null ? "–" : iso.replace('T', ' ');
  }

  static String shorten(String s, int max) {
    String flat = s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    if (flat.isEmpty()) {
      return "\"\" (empty)";
    }
    return flat.length() > max ? flat.substring(0, max - 1) + "…" : flat;
  }
}
