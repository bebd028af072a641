package dev.kiln.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Small helpers over JDBC: every value is a bound parameter, never spliced into the SQL. */
final class Sql {
  /** Reads one row. */
  interface RowReader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private Sql() {}

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  static <T> List<T> list(Connection c, String sql, RowReader<T> reader, Object... args)
      throws SQLException {
    return list(c, sql, reader, java.util.Arrays.asList(args));
  }

  static <T> List<T> list(Connection c, String sql, RowReader<T> reader, List<Object> args)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, args.toArray());
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(reader.read(rs));
        }
        return out;
      }
    }
  }

  static <T> Optional<T> one(Connection c, String sql, RowReader<T> reader, Object... args)
      throws SQLException {
    List<T> rows = list(c, sql, reader, args);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        ps.setNull(i + 1, Types.NULL);
      } else if (a instanceof String) {
        ps.setString(i + 1, (String) a);
      } else if (a instanceof Long) {
        ps.setLong(i + 1, (Long) a);
      } else if (a instanceof Integer) {
        ps.setInt(i + 1, (Integer) a);
      } else if (a instanceof Double) {
        ps.setDouble(i + 1, (Double) a);
      } else {
        throw new IllegalArgumentException("unsupported bind type " + a.getClass());
      }
    }
  }

  /** {@code ?, ?, ?} for n parameters. */
  static String marks(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
