package dev.kiln.core.learn;

import dev.kiln.core.UserException;
import java.util.List;
import java.util.Locale;

/**
 * One parameter a learner accepts: its name, type, default and allowed values. Learners publish
 * their list so that values given as text ({@code --param num_leaves=63}) are checked in one place
 * and the docs and help can show the defaults from the code.
 */
public record ParamSpec(
    String name,
    Type type,
    Object defaultValue,
    double min,
    double max,
    List<String> choices,
    String doc) {

  /** The value types a parameter can have. */
  public enum Type {
    INTEGER,
    NUMBER,
    BOOLEAN,
    CHOICE,
    TEXT
  }

  public ParamSpec {
    choices = List.copyOf(choices);
  }

  /** An integer in {@code [min, max]}. */
  public static ParamSpec integer(String name, int defaultValue, int min, int max, String doc) {
    return new ParamSpec(name, Type.INTEGER, defaultValue, min, max, List.of(), doc);
  }

  /** A finite number in {@code [min, max]}. */
  public static ParamSpec number(
      String name, double defaultValue, double min, double max, String doc) {
    return new ParamSpec(name, Type.NUMBER, defaultValue, min, max, List.of(), doc);
  }

  /** {@code true} or {@code false}. */
  public static ParamSpec bool(String name, boolean defaultValue, String doc) {
    return new ParamSpec(name, Type.BOOLEAN, defaultValue, 0, 0, List.of(), doc);
  }

  /** One of a fixed list of words. */
  public static ParamSpec choice(
      String name, String defaultValue, List<String> choices, String doc) {
    return new ParamSpec(name, Type.CHOICE, defaultValue, 0, 0, choices, doc);
  }

  /** Free text that the learner checks itself (e.g. a class-weight list). */
  public static ParamSpec text(String name, String defaultValue, String doc) {
    return new ParamSpec(name, Type.TEXT, defaultValue, 0, 0, List.of(), doc);
  }

  /** What values are allowed, in words, for error messages and docs. */
  public String allowed() {
    switch (type) {
      case INTEGER:
        return "an integer " + range((long) min, (long) max);
      case NUMBER:
        return "a number " + range(min, max);
      case BOOLEAN:
        return "true or false";
      case CHOICE:
        return "one of " + String.join(", ", choices);
      default:
        return "text";
    }
  }

  /** Parses and checks a value given as text. */
  public Object parse(String learner, String raw) {
    String text = raw == null ? "" : raw.trim();
    try {
      switch (type) {
        case INTEGER:
          return check(learner, Integer.parseInt(text), raw);
        case NUMBER:
          return check(learner, Double.parseDouble(text), raw);
        case BOOLEAN:
          if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
          }
          throw invalid(learner, raw);
        default:
          return check(learner, text, raw);
      }
    } catch (NumberFormatException e) {
      throw invalid(learner, raw);
    }
  }

  /** Checks a typed value (Integer, Double, Boolean or String as the type says). */
  public Object check(String learner, Object value, Object shown) {
    switch (type) {
      case INTEGER:
        if (value instanceof Integer && (Integer) value >= min && (Integer) value <= max) {
          return value;
        }
        break;
      case NUMBER:
        if (value instanceof Double || value instanceof Integer || value instanceof Float) {
          double d = ((Number) value).doubleValue();
          if (Double.isFinite(d) && d >= min && d <= max) {
            return d;
          }
        }
        break;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        break;
      case CHOICE:
        if (value instanceof String
            && choices.contains(((String) value).toLowerCase(Locale.ROOT))) {
          return ((String) value).toLowerCase(Locale.ROOT);
        }
        break;
      default:
        if (value instanceof String) {
          return value;
        }
    }
    throw invalid(learner, shown);
  }

  private UserException invalid(String learner, Object shown) {
    return new UserException(
        "Parameter "
            + name
            + " of learner "
            + learner
            + " must be "
            + allowed()
            + " but was '"
            + shown
            + "'");
  }

  private static String range(double min, double max) {
    if (min == Double.NEGATIVE_INFINITY && max == Double.POSITIVE_INFINITY) {
      return "";
    }
    if (max == Double.POSITIVE_INFINITY || max == Integer.MAX_VALUE) {
      return "of at least " + fmt(min);
    }
    return "from " + fmt(min) + " to " + fmt(max);
  }

  private static String fmt(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }
}
