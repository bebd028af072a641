package dev.kiln.core.schema;

import java.time.Duration;
import java.util.List;

/**
 * A rule that a dataset's rows must satisfy. Rules are data; kiln-data evaluates them. Each rule
 * has a short {@link #kind()} used in reports and in schema files.
 */
public sealed interface Rule {
  /** The rule's name in schema files and reports ("range", "regex", ...). */
  String kind();

  /** The column the rule is about, or "" for a rule about the whole table. */
  String column();

  /** The column must have no null (and, for text, no empty) value. */
  record Required(String column) implements Rule {
    public String kind() {
      return "required";
    }
  }

  /** Numeric (or timestamp) values must lie in [min, max]; either bound may be null. */
  record Range(String column, Double min, Double max) implements Rule {
    public Range {
      if (min != null && max != null && min > max) {
        throw new IllegalArgumentException(
            "range of '" + column + "': min " + min + " is above max " + max);
      }
    }

    public String kind() {
      return "range";
    }
  }

  /** Values must be one of the listed ones. */
  record Allowed(String column, List<String> values) implements Rule {
    public Allowed {
      values = List.copyOf(values);
    }

    public String kind() {
      return "allowed";
    }
  }

  /** Values must match the regular expression in full. */
  record Pattern(String column, String regex) implements Rule {
    public String kind() {
      return "regex";
    }
  }

  /** At most this share of the rows may be null. */
  record MaxNullRate(String column, double maxRate) implements Rule {
    public MaxNullRate {
      if (!(maxRate >= 0 && maxRate <= 1)) {
        throw new IllegalArgumentException(
            "max_null_rate of '" + column + "' must be between 0 and 1 but was " + maxRate);
      }
    }

    public String kind() {
      return "max_null_rate";
    }
  }

  /** No two non-null values may be equal. */
  record Unique(String column) implements Rule {
    public String kind() {
      return "unique";
    }
  }

  /** The newest timestamp must be no older than {@code maxAge} at validation time. */
  record Freshness(String column, Duration maxAge) implements Rule {
    public String kind() {
      return "freshness";
    }
  }

  /** The table must have between min and max rows; either bound may be null. */
  record RowCount(Long min, Long max) implements Rule {
    public String kind() {
      return "row_count";
    }

    public String column() {
      return "";
    }
  }

  /** A SQL boolean expression over the row's columns that every row must satisfy. */
  record Check(String name, String sql) implements Rule {
    public String kind() {
      return "check";
    }

    public String column() {
      return "";
    }
  }
}
