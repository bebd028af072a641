package dev.kiln.data.source;

import dev.kiln.core.UserException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats Kiln reads and writes, known by extension. */
public enum FileFormat {
  CSV(','),
  TSV('\t'),
  PARQUET(' '),
  JSONL(' ');

  private final char delimiter;

  FileFormat(char delimiter) {
    this.delimiter = delimiter;
  }

  public char delimiter() {
    return delimiter;
  }

  public boolean isDelimited() {
    return this == CSV || this == TSV;
  }

  public static FileFormat of(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    } else if (name.endsWith(".tsv") || name.endsWith(".tab")) {
      return TSV;
    } else if (name.endsWith(".parquet") || name.endsWith(".pq")) {
      return PARQUET;
    } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    throw new UserException(
        path + ": unknown file type; Kiln reads .csv, .tsv, .parquet and .jsonl (JSON lines)");
  }

  public static FileFormat parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new UserException("unknown format '" + name + "'; known: csv, tsv, parquet, jsonl");
    }
  }
}
