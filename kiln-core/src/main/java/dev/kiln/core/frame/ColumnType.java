package dev.kiln.core.frame;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.kiln.core.UserException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The logical type of a column, as schemas, profiles and models record it. */
public enum ColumnType {
  INTEGER,
  FLOAT,
  BOOLEAN,
  CATEGORICAL,
  TIMESTAMP,
  TEXT;

  /** The name used in schema files and JSON documents. */
  @JsonValue
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isNumeric() {
    return this == INTEGER || this == FLOAT;
  }

  public boolean isString() {
    return this == CATEGORICAL || this == TEXT;
  }

  /** Parses a schema-file type name, naming the known ones when it is not one of them. */
  @JsonCreator
  public static ColumnType parse(String key) {
    for (ColumnType t : values()) {
      if (t.key().equals(key)) {
        return t;
      }
    }
    throw new UserException(
        "unknown type '"
            + key
            + "'; known types: "
            + Arrays.stream(values()).map(ColumnType::key).collect(Collectors.joining(", ")));
  }
}
