package dev.kiln.data.validate;

import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.source.DuckDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The view every rule is evaluated over: the row index, each file column as loaded (for type and
 * required rules), and each column under its own name as the schema's type (for the other rules and
 * for checks, so {@code amount > 0} compares numbers). A schema column the file lacks appears as a
 * typed NULL, so checks that name it still run.
 */
final class CheckedView {
  static final String NAME = "checked";
  static final String ROW = "\"__kiln_row\"";

  private final Map<String, String> raw = new HashMap<>();

  private CheckedView() {}

  static CheckedView create(Connection c, LoadedFile file, Schema schema) throws SQLException {
    CheckedView view = new CheckedView();
    List<String> select = new ArrayList<>();
    select.add("rowid AS " + ROW);
    List<String> columns = file.columns();
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i);
      String rawName = DuckDb.ident("__kiln_raw_" + i);
      view.raw.put(name, rawName);
      select.add(DuckDb.ident(name) + " AS " + rawName);
      // A column named as in the schema but for case is reported, and typed as the schema says.
      Optional<Field> field =
          schema.field(name).or(() -> caseVariant(name, schema.names()).flatMap(schema::field));
      select.add(
          field.isPresent()
              ? ColumnSql.typed(DuckDb.ident(name), field.get().type())
                  + " AS "
                  + DuckDb.ident(name)
              : DuckDb.ident(name));
    }
    for (Field f : schema.fields()) {
      if (!view.raw.containsKey(f.name()) && caseVariant(f.name(), columns).isEmpty()) {
        select.add(ColumnSql.nullOf(f.type()) + " AS " + DuckDb.ident(f.name()));
      }
    }
    LoadedFile.exec(
        c,
        "CREATE VIEW "
            + NAME
            + " AS SELECT "
            + String.join(", ", select)
            + " FROM "
            + LoadedFile.TABLE);
    return view;
  }

  /** Whether the file has the column (names are case-sensitive). */
  boolean has(String column) {
    return raw.containsKey(column);
  }

  /** The column as loaded from the file. */
  String raw(String column) {
    return raw.get(column);
  }

  /** The column as the schema's type. */
  static String typed(String column) {
    return DuckDb.ident(column);
  }

  /** A file column whose name differs from {@code name} only in case (SQL would confuse them). */
  static Optional<String> caseVariant(String name, List<String> columns) {
    String lower = name.toLowerCase(Locale.ROOT);
    return columns.stream()
        .filter(c -> !c.equals(name) && c.toLowerCase(Locale.ROOT).equals(lower))
        .findFirst();
  }
}
