package dev.kiln.data.validate;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.data.source.DuckDb;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns row-level rules into {@link RowCheck}s, checking first that what the schema gives (allowed
 * values, a regex, a check's SQL) makes sense to DuckDB, so a mistake in the schema is a user error
 * that names the rule rather than a failed query.
 */
final class RowChecks {
  private final Connection connection;
  private final CheckedView view;
  private final List<String> viewColumns;

  RowChecks(Connection connection, CheckedView view, List<String> viewColumns) {
    this.connection = connection;
    this.view = view;
    this.viewColumns = viewColumns;
  }

  /** The implicit rule that each value is of the column's type; none for text columns. */
  RowCheck type(Field f) {
    String raw = view.raw(f.name());
    String noun = ColumnSql.noun(f.type());
    return new RowCheck(
        "type",
        f.name(),
        null,
        raw + " IS NOT NULL AND " + CheckedView.typed(f.name()) + " IS NULL",
        ColumnSql.text(raw),
        "NULL",
        (v, d) -> quote(v) + " is not " + noun);
  }

  RowCheck required(Field f) {
    String raw = view.raw(f.name());
    String blank =
        f.type().isString() ? " OR regexp_full_match(" + ColumnSql.text(raw) + ", '\\s*')" : "";
    return new RowCheck(
        "required",
        f.name(),
        null,
        raw + " IS NULL" + blank,
        ColumnSql.text(raw),
        "NULL",
        (v, d) -> v == null ? "the value is missing" : "the value is blank (" + quote(v) + ")");
  }

  RowCheck range(Rule.Range r) {
    String x = "CAST(" + CheckedView.typed(r.column()) + " AS DOUBLE)";
    String below = r.min() == null ? "false" : x + " < " + r.min();
    String above = r.max() == null ? "false" : x + " > " + r.max();
    String bounds = bounds(r);
    return new RowCheck(
        "range",
        r.column(),
        null,
        x + " IS NOT NULL AND (isnan(" + x + ") OR " + below + " OR " + above + ")",
        ColumnSql.text(view.raw(r.column())),
        "CASE WHEN isnan(" + x + ") THEN 'nan' WHEN " + below + " THEN 'below' ELSE 'above' END",
        (v, d) ->
            switch (d) {
              case "below" -> v + " is below the minimum " + number(r.min());
              case "above" -> v + " is above the maximum " + number(r.max());
              default -> v + " is not a number in " + bounds;
            });
  }

  RowCheck allowed(Rule.Allowed r, ColumnType type) {
    for (String v : r.values()) {
      boolean ok =
          type.isString()
              || queryBoolean(
                  "SELECT " + ColumnSql.typed(DuckDb.literal(v), type) + " IS NOT NULL");
      UserException.require(
          ok,
          "the schema's allowed values for column '%s' include '%s', which is not %s",
          r.column(),
          v,
          ColumnSql.noun(type));
    }
    String typed = CheckedView.typed(r.column());
    String notIn =
        r.values().isEmpty()
            ? "true"
            : typed
                + " NOT IN ("
                + r.values().stream()
                    .map(v -> ColumnSql.literal(v, type))
                    .collect(Collectors.joining(", "))
                + ")";
    String shown = shortList(r.values());
    return new RowCheck(
        "allowed",
        r.column(),
        null,
        typed + " IS NOT NULL AND " + notIn,
        ColumnSql.text(view.raw(r.column())),
        "NULL",
        (v, d) -> quote(v) + " is not one of the allowed values: " + shown);
  }

  RowCheck regex(Rule.Pattern r) {
    try {
      queryBoolean("SELECT regexp_full_match('', " + DuckDb.literal(r.regex()) + ")");
    } catch (UserException e) {
      throw new UserException(
          "the regex of column '"
              + r.column()
              + "' is not valid in RE2 syntax (DuckDB's regex engine): "
              + e.getMessage());
    }
    String text = ColumnSql.text(view.raw(r.column()));
    return new RowCheck(
        "regex",
        r.column(),
        null,
        text
            + " IS NOT NULL AND NOT regexp_full_match("
            + text
            + ", "
            + DuckDb.literal(r.regex())
            + ")",
        text,
        "NULL",
        (v, d) -> quote(v) + " does not match the pattern " + quote(r.regex()));
  }

  /** A check: violated where its SQL is FALSE (NULL passes, as in a SQL CHECK constraint). */
  RowCheck check(Rule.Check r) {
    String type;
    try (Statement st = connection.createStatement();
        ResultSet rs =
            st.executeQuery("DESCRIBE SELECT (" + r.sql() + ") AS ok FROM " + CheckedView.NAME)) {
      rs.next();
      type = rs.getString(2);
    } catch (SQLException e) {
      throw new UserException(
          "check '" + r.name() + "': its SQL is not valid here: " + firstLine(e.getMessage()));
    }
    UserException.require(
        type.equals("BOOLEAN"),
        "check '%s': its SQL must be a true/false condition but gives %s: %s",
        r.name(),
        type,
        r.sql());
    List<String> named = columnsNamedIn(r.sql());
    String detail =
        named.isEmpty()
            ? "NULL"
            : "concat_ws(', ', "
                + named.stream()
                    .map(
                        n ->
                            DuckDb.literal(n + "=")
                                + " || coalesce(CAST("
                                + DuckDb.ident(n)
                                + " AS VARCHAR), 'null')")
                    .collect(Collectors.joining(", "))
                + ")";
    return new RowCheck(
        "check",
        null,
        r.name(),
        "(" + r.sql() + ") IS FALSE",
        detail,
        "NULL",
        (v, d) -> "the condition is false" + (v == null ? "" : " for " + v) + ": " + r.sql());
  }

  /** Columns whose names appear as words in the SQL, to show their values beside a failure. */
  private List<String> columnsNamedIn(String sql) {
    String lower = sql.toLowerCase(Locale.ROOT);
    return viewColumns.stream()
        .filter(
            c ->
                Pattern.compile(
                        "(?<![\\w\"])\"?"
                            + Pattern.quote(c.toLowerCase(Locale.ROOT))
                            + "\"?(?![\\w\"])")
                    .matcher(lower)
                    .find())
        .toList();
  }

  private boolean queryBoolean(String sql) {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getBoolean(1);
    } catch (SQLException e) {
      throw new UserException(firstLine(e.getMessage()));
    }
  }

  static String firstLine(String msg) {
    String first = msg == null ? "" : msg.strip().split("\n", 2)[0];
    return first.replaceFirst("^[A-Za-z ]+ Error: ", "");
  }

  static String bounds(Rule.Range r) {
    return "["
        + (r.min() == null ? "-inf" : number(r.min()))
        + ", "
        + (r.max() == null ? "inf" : number(r.max()))
        + "]";
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  static String quote(String v) {
    if (v == null) {
      return "null";
    }
    String s = v.replace("\r", "\\r").replace("\n", "\\n");
    return "'" + (s.length() > 80 ? s.substring(0, 80) + "…" : s) + "'";
  }

  private static String shortList(List<String> values) {
    String all = values.stream().map(RowChecks::quote).collect(Collectors.joining(", "));
    return all.length() > 120 ? all.substring(0, 120) + "… (" + values.size() + " values)" : all;
  }
}
