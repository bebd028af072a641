package dev.kiln.data.validate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The unique rule: every repeat of a value is a violation that names the line where the value was
 * first seen. Values are compared as the schema's type ("1" and "1.0" are the same integer); nulls
 * are never repeats. Repeats are found by grouping, which DuckDB can spill to disk.
 */
final class UniqueCheck {
  private UniqueCheck() {}

  record Result(long count, List<Pending> listed) {}

  static Result run(Connection c, String column, String raw, ValidationLimits limits)
      throws SQLException {
    String typed = CheckedView.typed(column);
    String firsts =
        "WITH firsts AS (SELECT "
            + typed
            + " AS k, min("
            + CheckedView.ROW
            + ") AS first_row, count(*) AS n FROM "
            + CheckedView.NAME
            + " WHERE "
            + typed
            + " IS NOT NULL GROUP BY 1 HAVING count(*) > 1) ";
    long count;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(firsts + "SELECT coalesce(sum(n - 1), 0) FROM firsts")) {
      rs.next();
      count = rs.getLong(1);
    }
    List<Pending> listed = new ArrayList<>();
    if (count == 0) {
      return new Result(0, listed);
    }
    String sql =
        firsts
            + "SELECT v."
            + CheckedView.ROW
            + ", CAST(v."
            + raw
            + " AS VARCHAR), f.first_row FROM "
            + CheckedView.NAME
            + " v JOIN firsts f ON v."
            + typed
            + " = f.k WHERE v."
            + CheckedView.ROW
            + " > f.first_row ORDER BY 1"
            + limits.sqlLimit();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        long row = rs.getLong(1);
        String value = rs.getString(2);
        long first = rs.getLong(3);
        listed.add(
            new Pending(
                "unique",
                column,
                null,
                row,
                value,
                List.of(first),
                lines ->
                    RowChecks.quote(value)
                        + " repeats the value first seen at "
                        + lines.where(first)));
      }
    }
    return new Result(count, listed);
  }
}
