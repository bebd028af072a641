package dev.kiln.data.source;

import dev.kiln.core.schema.Schema;
import java.nio.file.Path;
import java.util.Optional;

/** Opens a source from what a user typed: a file path, or a JDBC URL with a query. */
public final class Sources {
  private Sources() {}

  public static DataSource open(String location, Optional<String> query, Optional<Schema> schema) {
    if (location.startsWith("jdbc:")) {
      return new JdbcSource(location, query.orElse(null), schema);
    }
    return new FileSource(Path.of(location), schema);
  }
}
