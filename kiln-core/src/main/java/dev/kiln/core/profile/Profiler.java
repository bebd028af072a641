package dev.kiln.core.profile;

import dev.kiln.core.digest.DatasetDigest;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds a {@link Profile} from batches of rows in bounded memory, so a file larger than the heap
 * can be profiled. Columns are summarised in parallel; the dataset digest is computed on the way.
 */
public final class Profiler {
  private final Schema schema;
  private final Accumulator[] accumulators;
  private final DatasetDigest digest;
  private long rows;

  /**
   * @param schema the columns' types
   * @param inferStringTypes whether string columns' categorical/text type is still to be decided
   *     from the data (true when the schema was inferred, false for a schema file)
   */
  public Profiler(Schema schema, boolean inferStringTypes) {
    this.schema = schema;
    this.accumulators = new Accumulator[schema.fields().size()];
    for (int i = 0; i < accumulators.length; i++) {
      ColumnType type = schema.fields().get(i).type();
      accumulators[i] =
          switch (type) {
            case INTEGER, FLOAT, TIMESTAMP -> new NumericAccumulator(type);
            case BOOLEAN -> new BooleanAccumulator();
            case CATEGORICAL, TEXT -> new StringAccumulator(type, inferStringTypes);
          };
    }
    this.digest = new DatasetDigest(schema.names());
  }

  public void add(Frame batch) {
    List<Column> columns = batch.columns();
    IntStream.range(0, accumulators.length)
        .parallel()
        .forEach(
            c -> {
              accumulators[c].add(columns.get(c));
              digest.update(c, columns.get(c));
            });
    digest.addRows(batch.rowCount());
    rows += batch.rowCount();
  }

  public Profile finish(String source, Instant createdAt) {
    List<ColumnProfile> columns = new ArrayList<>();
    List<Field> fields = schema.fields();
    for (int i = 0; i < accumulators.length; i++) {
      columns.add(accumulators[i].finish(fields.get(i).name(), rows));
    }
    return new Profile(
        Profile.FORMAT_VERSION, source, digest.hex(), rows, createdAt.toString(), columns);
  }

  /** The profile of a frame held in memory. */
  public static Profile of(Frame frame, String source, Instant createdAt) {
    Profiler p = new Profiler(frame.schema(), false);
    p.add(frame);
    return p.finish(source, createdAt);
  }
}
