package dev.kiln.serve.model;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Turns a value as a request sent it (a JSON scalar read by {@link JsonScalars}: {@code Long},
 * {@code Double}, {@code String}, {@code Boolean} or {@code null}; or CSV text) into the value the
 * predictor's row takes for that column: {@code Long} for integers, {@code Double} for floats,
 * {@code Boolean}, {@code String} for categories and text, epoch microseconds ({@code Long}) for
 * timestamps, {@code null} for missing. A value that does not fit answers 400 naming the column and
 * the row.
 */
final class Values {
  private Values() {}

  /** The row value for a JSON scalar {@code raw} in column {@code f}, row {@code row}. */
  static Object fromJson(InputField f, Object raw, int row) {
    if (raw == null) {
      return missing(f, row, "null");
    }
    switch (f.type()) {
      case INTEGER:
        if (raw instanceof Long) {
          return raw;
        }
        if (raw instanceof Double) {
          double d = (Double) raw;
          if (Double.isNaN(d)) {
            return missing(f, row, "NaN");
          }
          if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
            return (long) d;
          }
        }
        throw wrong(f, row, "an integer", raw);
      case FLOAT:
        if (raw instanceof Double) {
          return Double.isNaN((Double) raw) ? missing(f, row, "NaN") : raw;
        }
        if (raw instanceof Long) {
          return ((Long) raw).doubleValue();
        }
        throw wrong(f, row, "a number", raw);
      case BOOLEAN:
        if (raw instanceof Boolean) {
          return raw;
        }
        if (raw instanceof Long && ((Long) raw == 0L || (Long) raw == 1L)) {
          return (Long) raw == 1L;
        }
        throw wrong(f, row, "true or false", raw);
      case TIMESTAMP:
        if (raw instanceof String) {
          return timestamp(f, row, (String) raw);
        }
        throw wrong(f, row, "an ISO-8601 timestamp string", raw);
      default: // CATEGORICAL, TEXT
        if (raw instanceof String) {
          return raw;
        }
        if (raw instanceof Long || raw instanceof Boolean) {
          return raw.toString();
        }
        throw wrong(f, row, "a string", raw);
    }
  }

  /** The row value for CSV text in column {@code f}; an empty field is missing. */
  static Object fromText(InputField f, String text, int row) {
    if (text.isEmpty()) {
      return missing(f, row, "empty");
    }
    switch (f.type()) {
      case INTEGER:
        try {
          return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
          return fromJson(f, parseDouble(f, row, text, "an integer"), row);
        }
      case FLOAT:
        return fromJson(f, parseDouble(f, row, text, "a number"), row);
      case BOOLEAN:
        String b = text.strip();
        if (b.equalsIgnoreCase("true") || b.equals("1")) {
          return Boolean.TRUE;
        }
        if (b.equalsIgnoreCase("false") || b.equals("0")) {
          return Boolean.FALSE;
        }
        throw wrong(f, row, "true or false", text);
      case TIMESTAMP:
        return timestamp(f, row, text.strip());
      default:
        return text;
    }
  }

  private static Double parseDouble(InputField f, int row, String text, String expected) {
    String s = text.strip();
    if (s.equals("NaN") || s.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    try {
      if (!s.isEmpty() && (Character.isDigit(s.charAt(s.length() - 1)) || s.endsWith("."))) {
        return Double.parseDouble(s);
      }
    } catch (NumberFormatException e) {
      // falls through to the error naming the column
    }
    if (s.equals("Infinity") || s.equals("-Infinity") || s.equals("inf") || s.equals("-inf")) {
      return s.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    throw wrong(f, row, expected, text);
  }

  private static Object missing(InputField f, int row, String what) {
    if (f.nullable()) {
      return null;
    }
    throw new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Input '"
            + f.name()
            + "' is not nullable but row "
            + row
            + " is "
            + what
            + "; send "
            + expected(f)
            + ".");
  }

  private static Long timestamp(InputField f, int row, String text) {
    Instant t;
    try {
      if (text.length() == 10) {
        t = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      } else if (text.endsWith("Z") || text.lastIndexOf('+') > 9 || text.lastIndexOf('-') > 9) {
        t = OffsetDateTime.parse(text.replace(' ', 'T')).toInstant();
      } else {
        t = LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      }
    } catch (DateTimeParseException e) {
      throw wrong(f, row, "an ISO-8601 timestamp such as 2025-01-31T12:00:00Z", text);
    }
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  private static String expected(InputField f) {
    switch (f.type()) {
      case INTEGER:
        return "an integer";
      case FLOAT:
        return "a number";
      case BOOLEAN:
        return "true or false";
      case TIMESTAMP:
        return "an ISO-8601 timestamp";
      default:
        return "a string";
    }
  }

  static HttpError wrong(InputField f, int row, String expected, Object raw) {
    String shown = raw instanceof String ? "the string '" + clip((String) raw) + "'" : raw + "";
    return new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Input '"
            + f.name()
            + "' ("
            + f.type().key()
            + ") needs "
            + expected
            + " but row "
            + row
            + " has "
            + shown
            + ".");
  }

  static String clip(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "...";
  }
}
