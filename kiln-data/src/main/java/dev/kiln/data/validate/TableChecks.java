package dev.kiln.data.validate;

import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rules about the table or a whole column rather than one row: each gives one violation or none.
 */
final class TableChecks {
  private final Connection connection;
  private final long rows;

  TableChecks(Connection connection, long rows) {
    this.connection = connection;
    this.rows = rows;
  }

  /** Schema columns missing from the file, then file columns missing from the schema. */
  static List<Pending> columns(Schema schema, List<String> fileColumns) {
    List<Pending> out = new ArrayList<>();
    for (String name : schema.names()) {
      if (!fileColumns.contains(name)) {
        String hint =
            CheckedView.caseVariant(name, fileColumns)
                .map(v -> " (the file has '" + v + "'; names are case-sensitive)")
                .orElse("");
        out.add(
            Pending.ofTable(
                "columns",
                name,
                null,
                "the schema's column '" + name + "' is not in the file" + hint));
      }
    }
    for (String name : fileColumns) {
      if (schema.field(name).isEmpty()) {
        out.add(
            Pending.ofTable(
                "columns", name, null, "the file's column '" + name + "' is not in the schema"));
      }
    }
    return out;
  }

  List<Pending> rowCount(Rule.RowCount r) {
    if (r.min() != null && rows < r.min()) {
      return one(
          "row_count",
          null,
          rows,
          "the file has " + rows + " rows; at least " + r.min() + " required");
    }
    if (r.max() != null && rows > r.max()) {
      return one(
          "row_count",
          null,
          rows,
          "the file has " + rows + " rows; at most " + r.max() + " allowed");
    }
    return List.of();
  }

  List<Pending> maxNullRate(Rule.MaxNullRate r, String raw) throws SQLException {
    long nulls =
        queryLong("SELECT count(*) FILTER (WHERE " + raw + " IS NULL) FROM " + CheckedView.NAME);
    double rate = rows == 0 ? 0 : (double) nulls / rows;
    if (rate <= r.maxRate()) {
      return List.of();
    }
    return List.of(
        Pending.ofTable(
            "max_null_rate",
            r.column(),
            Double.toString(rate),
            String.format(
                Locale.ROOT,
                "%s of the values are null (%d of %d rows); at most %s may be",
                percent(rate),
                nulls,
                rows,
                percent(r.maxRate()))));
  }

  List<Pending> freshness(Rule.Freshness r, Clock clock) throws SQLException {
    String typed = CheckedView.typed(r.column());
    Long newestMicros;
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT epoch_us(max(" + typed + ")) FROM " + CheckedView.NAME)) {
      rs.next();
      long v = rs.getLong(1);
      newestMicros = rs.wasNull() ? null : v;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    if (newestMicros == null) {
      return List.of(
          Pending.ofTable(
              "freshness",
              r.column(),
              null,
              "the column has no timestamps, so its newest cannot be checked"));
    }
    Instant newest = Instant.EPOCH.plus(newestMicros, ChronoUnit.MICROS);
    Duration age = Duration.between(newest, now);
    if (age.compareTo(r.maxAge()) <= 0) {
      return List.of();
    }
    return List.of(
        Pending.ofTable(
            "freshness",
            r.column(),
            newest.toString(),
            "the newest timestamp, "
                + newest
                + ", is "
                + human(age)
                + " old at "
                + now
                + "; at most "
                + human(r.maxAge())
                + " allowed"));
  }

  private List<Pending> one(String rule, String column, long value, String message) {
    return List.of(Pending.ofTable(rule, column, Long.toString(value), message));
  }

  private long queryLong(String sql) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String percent(double share) {
    String s = String.format(Locale.ROOT, "%.2f", share * 100).replaceAll("\\.?0+$", "");
    return s + "%";
  }

  /** A duration in the largest whole unit that fits: "3d 4h", "45m", "12s". */
  static String human(Duration d) {
    if (d.isNegative()) {
      return "-" + human(d.negated());
    }
    long days = d.toDays();
    if (days > 0) {
      return days + "d" + (d.toHoursPart() > 0 ? " " + d.toHoursPart() + "h" : "");
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h" + (d.toMinutesPart() > 0 ? " " + d.toMinutesPart() + "m" : "");
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m";
    }
    return d.toSeconds() + "s";
  }
}
