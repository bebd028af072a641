package dev.kiln.core.profile;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import java.util.List;

/**
 * A dataset's profile: its digest and what every column holds. Written as JSON, it is the reference
 * later drift is measured against.
 */
public record Profile(
    int formatVersion,
    String source,
    String digest,
    long rows,
    String createdAt,
    List<ColumnProfile> columns) {
  public static final int FORMAT_VERSION = 1;

  public Profile {
    columns = List.copyOf(columns);
  }

  /** The schema the profile found: each column's type, nullable where it had a null. */
  public Schema schema() {
    return new Schema(
        columns.stream()
            .map(c -> Field.of(c.name(), ColumnType.parse(c.type()), c.nulls() > 0))
            .toList());
  }
}
