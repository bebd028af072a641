package dev.kiln.data.source;

import dev.kiln.core.UserException;
import dev.kiln.data.io.CsvRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The physical file line of each reported row. A CSV record may span lines (a quoted field with
 * line breaks) and blank lines are skipped by the reader, so lines are found by reading the file
 * again with {@link CsvRecords}, and only when there is something to report. JSON lines files skip
 * blank lines the same way. Parquet has rows, not lines.
 */
public final class LineIndex {
  private final Map<Long, Long> lines;

  private LineIndex(Map<Long, Long> lines) {
    this.lines = lines;
  }

  public static LineIndex none() {
    return new LineIndex(Map.of());
  }

  /** The line each of {@code rows} (0-based row indexes) starts on. */
  public static LineIndex of(FileSource source, NavigableSet<Long> rows) {
    if (rows.isEmpty()) {
      return none();
    }
    try {
      return switch (source.format()) {
        case CSV, TSV -> new LineIndex(csv(source, rows));
        case JSONL -> new LineIndex(jsonLines(source, rows));
        case PARQUET -> none();
      };
    } catch (IOException e) {
      throw new UserException("cannot read " + source.path() + ": " + e.getMessage());
    }
  }

  /** The row's line, or null where the format has no lines. */
  public Long line(long row) {
    return lines.get(row);
  }

  /** "line 12" where the file has lines, else "row 11" (0-based). */
  public String where(long row) {
    Long line = line(row);
    return line == null ? "row " + row : "line " + line;
  }

  private static Map<Long, Long> csv(FileSource source, NavigableSet<Long> rows)
      throws IOException {
    Map<Long, Long> out = new HashMap<>();
    NavigableSet<Long> wanted = new TreeSet<>(rows);
    try (CsvRecords records =
        new CsvRecords(
            Files.newBufferedReader(source.path(), StandardCharsets.UTF_8),
            source.format().delimiter())) {
      List<String> header = records.next();
      long row = 0;
      for (List<String> r = records.next(); r != null && !wanted.isEmpty(); r = records.next()) {
        if (header.size() > 1 && r.size() == 1 && r.get(0).isEmpty()) {
          continue; // DuckDB skips blank lines unless the file has a single column
        }
        if (wanted.remove(row)) {
          out.put(row, records.recordLine());
        }
        row++;
      }
    }
    return out;
  }

  private static Map<Long, Long> jsonLines(FileSource source, NavigableSet<Long> rows)
      throws IOException {
    Map<Long, Long> out = new HashMap<>();
    NavigableSet<Long> wanted = new TreeSet<>(rows);
    try (BufferedReader in = Files.newBufferedReader(source.path(), StandardCharsets.UTF_8)) {
      long line = 0;
      long row = 0;
      for (String l = in.readLine(); l != null && !wanted.isEmpty(); l = in.readLine()) {
        line++;
        if (l.isBlank()) {
          continue;
        }
        if (wanted.remove(row)) {
          out.put(row, line);
        }
        row++;
      }
    }
    return out;
  }
}
