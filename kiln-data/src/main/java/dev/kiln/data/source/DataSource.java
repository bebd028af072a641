package dev.kiln.data.source;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.profile.StringTypes;
import dev.kiln.core.schema.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where rows come from: a file (CSV, TSV, Parquet, JSON lines) or a SQL query over JDBC. A source
 * only reads; the rows it yields are {@link Frame}s.
 */
public interface DataSource {
  /** Rows per batch when scanning. */
  int DEFAULT_BATCH_ROWS = 65_536;

  /** Names the source in messages (a path, or a JDBC URL without its password). */
  String location();

  /** About how many rows the source holds, for progress bars; -1 when unknown. */
  default long estimatedRows() {
    return -1;
  }

  /** Starts a streaming read; batches hold at most {@code batchRows} rows. */
  Scan scan(int batchRows);

  /**
   * Reads every row into memory. String columns whose type was not given by a schema become
   * categorical or text by {@link StringTypes#infer}.
   */
  default Frame read() {
    List<Frame> batches = new ArrayList<>();
    boolean infer;
    Schema schema;
    try (Scan scan = scan(DEFAULT_BATCH_ROWS)) {
      infer = scan.stringTypesInferred();
      schema = scan.schema();
      for (Frame f = scan.next(); f != null; f = scan.next()) {
        batches.add(f);
      }
    }
    Frame all = Frames.concat(batches, schema);
    return infer ? inferStringTypes(all) : all;
  }

  private static Frame inferStringTypes(Frame frame) {
    List<Column> out = new ArrayList<>();
    for (Column c : frame.columns()) {
      if (c instanceof StringColumn s) {
        Set<String> distinct = new HashSet<>();
        long nonNull = 0;
        for (String v : s.values()) {
          if (v != null) {
            nonNull++;
            if (distinct.size() <= StringTypes.MAX_CATEGORIES) {
              distinct.add(v);
            }
          }
        }
        out.add(s.withType(StringTypes.infer(distinct.size(), nonNull)));
      } else {
        out.add(c);
      }
    }
    return new Frame(out);
  }
}
