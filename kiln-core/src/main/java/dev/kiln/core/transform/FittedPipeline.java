package dev.kiln.core.transform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A fitted pipeline: turns a frame (training, batch scoring) or one row (serving) into features,
 * through the same encoders. Its JSON form is its inputs and fitted transforms, as plain data.
 *
 * <p>A row for {@link #transformRow(Object[])} is an {@code Object[]} aligned to {@link
 * #inputNames()}: numbers as any {@link Number}, booleans as {@link Boolean}, categories and text
 * as {@link String}, timestamps as epoch microseconds ({@link Long}) or an {@link
 * java.time.Instant}, null for missing. Thread-safe: nothing changes after construction.
 */
public final class FittedPipeline {
  private static final int PARALLEL_ROWS = 32_768;

  /** Doubles in the buffer of {@link #transformFloats} (128 KiB: stays in a core's cache). */
  private static final int BUFFER_VALUES = 16_384;

  /** A column the pipeline reads, and its type at fit time. */
  public record Input(String name, ColumnType type) {}

  private final List<Input> inputs;
  private final List<FittedTransform> transforms;
  private final Encoder[] encoders;
  private final int[] inputOf;
  private final int[] offsets;
  private final List<String> featureNames;
  private final int width;
  private final boolean numeric; // every encoder reads a number: rows may come as doubles

  @JsonCreator
  public FittedPipeline(
      @JsonProperty("inputs") List<Input> inputs,
      @JsonProperty("transforms") List<FittedTransform> transforms) {
    this.inputs = List.copyOf(inputs);
    this.transforms = List.copyOf(transforms);
    Map<String, Integer> inputIndex = new HashMap<>();
    for (int i = 0; i < this.inputs.size(); i++) {
      inputIndex.put(this.inputs.get(i).name(), i);
    }
    encoders = new Encoder[this.transforms.size()];
    inputOf = new int[encoders.length];
    offsets = new int[encoders.length];
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int t = 0; t < encoders.length; t++) {
      FittedTransform f = this.transforms.get(t);
      Integer input = inputIndex.get(f.column());
      if (input == null) {
        throw new UserException(
            "fitted transform of column '" + f.column() + "' has no input of that name");
      }
      encoders[t] = Encoders.of(f);
      inputOf[t] = input;
      offsets[t] = names.size();
      for (String n : f.featureNames()) {
        if (!seen.add(n)) {
          throw new UserException(
              "two transforms write the feature '"
                  + n
                  + "'; give column '"
                  + f.column()
                  + "' only one transform of each kind");
        }
        names.add(n);
      }
    }
    this.featureNames = List.copyOf(names);
    this.width = names.size();
    boolean allNumeric = true;
    for (Encoder e : encoders) {
      allNumeric &= e instanceof Encoder.Numeric;
    }
    this.numeric = allNumeric;
  }

  @JsonProperty("inputs")
  public List<Input> inputs() {
    return inputs;
  }

  @JsonProperty("transforms")
  public List<FittedTransform> transforms() {
    return transforms;
  }

  /** The columns a row must hold, in the order {@link #transformRow(Object[])} expects them. */
  public List<String> inputNames() {
    return inputs.stream().map(Input::name).toList();
  }

  public List<String> featureNames() {
    return featureNames;
  }

  public int width() {
    return width;
  }

  /** The features of every row of the frame (columns the pipeline does not read are ignored). */
  public FeatureMatrix transform(Frame frame) {
    Column[] columns = readable(frame);
    int rows = frame.rowCount();
    double[] out = new double[Math.multiplyExact(rows, width)];
    inBlocks(
        rows,
        (from, to) -> {
          for (int t = 0; t < encoders.length; t++) {
            encoders[t].writeColumn(columns[inputOf[t]], out, width, offsets[t], from, to);
          }
        });
    return new FeatureMatrix(out, rows, width, featureNames);
  }

  /**
   * The features of every row as floats, row-major, {@link #width()} per row: {@code (float)} of
   * {@link #transform}'s values, made a few hundred rows at a time through a small buffer of
   * doubles, so no matrix of doubles is ever held (for a learner that takes floats, half the memory
   * and one pass fewer).
   */
  public float[] transformFloats(Frame frame) {
    Column[] columns = readable(frame);
    int rows = frame.rowCount();
    float[] out = new float[Math.multiplyExact(rows, width)];
    int step = Math.max(1, Math.min(512, BUFFER_VALUES / Math.max(1, width)));
    inBlocks(
        rows,
        (start, end) -> {
          // a 100-row request must not allocate (and zero) a buffer for 512 rows
          int rowsPerStep = Math.min(step, end - start);
          double[] buffer = new double[rowsPerStep * width];
          for (int from = start; from < end; from += rowsPerStep) {
            int to = Math.min(end, from + rowsPerStep);
            // an encoder writes row i at i * width + offset: shifting the offset back by
            // from * width puts row from at the start of the buffer
            for (int t = 0; t < encoders.length; t++) {
              encoders[t].writeColumn(
                  columns[inputOf[t]], buffer, width, offsets[t] - from * width, from, to);
            }
            int at = from * width;
            for (int k = 0, n = (to - from) * width; k < n; k++) {
              out[at + k] = (float) buffer[k];
            }
          }
        });
    return out;
  }

  /** Rows {@code [from, to)} of a block. */
  private interface Block {
    void rows(int from, int to);
  }

  /**
   * Large frames in blocks of rows on all cores, each block its own part of the output; small ones
   * in one block on this thread.
   */
  private static void inBlocks(int rows, Block block) {
    int blocks = rows >= PARALLEL_ROWS ? (rows + PARALLEL_ROWS - 1) / PARALLEL_ROWS : 1;
    IntStream each = IntStream.range(0, blocks);
    (blocks > 1 ? each.parallel() : each)
        .forEach(
            b ->
                block.rows(
                    (int) ((long) rows * b / blocks), (int) ((long) rows * (b + 1) / blocks)));
  }

  /** The frame's columns this pipeline reads, in input order, checked against the fitted types. */
  private Column[] readable(Frame frame) {
    Column[] columns = new Column[inputs.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = column(frame, inputs.get(i).name());
    }
    for (int t = 0; t < encoders.length; t++) {
      ColumnType fitted = inputs.get(inputOf[t]).type();
      Column c = columns[inputOf[t]];
      if (!encoders[t].reads(fitted, c.type())) {
        throw new UserException(
            "column '"
                + c.name()
                + "' is "
                + c.type().key()
                + " but the pipeline was fitted on "
                + fitted.key());
      }
    }
    return columns;
  }

  /** The features of one row whose values are aligned to {@link #inputNames()}. */
  public double[] transformRow(Object[] row) {
    double[] out = new double[width];
    transformRow(row, out);
    return out;
  }

  /** Writes one row's features into {@code out} (length {@link #width()}), allocating nothing. */
  public void transformRow(Object[] row, double[] out) {
    if (row.length != inputs.size()) {
      throw new UserException(
          "a row needs "
              + inputs.size()
              + " values ("
              + String.join(", ", inputNames())
              + ") but has "
              + row.length);
    }
    for (int t = 0; t < encoders.length; t++) {
      encoders[t].writeRow(row[inputOf[t]], out, offsets[t]);
    }
  }

  /**
   * Whether every input is read as a number, so a row may be given as doubles ({@link
   * #transformRow(double[][], int, double[])}).
   */
  public boolean numericInputs() {
    return numeric;
  }

  /**
   * The features of row {@code row} of {@code columns} (one per input, in the order of {@link
   * #inputNames()}; a null column: the input is missing in every row), as {@link
   * #transformRow(Object[], double[])} gives them for the same values boxed, without boxing them.
   * Only for a pipeline of {@link #numericInputs()}.
   */
  public void transformRow(double[][] columns, int row, double[] out) {
    if (!numeric || columns.length != inputs.size()) {
      throw new IllegalArgumentException(
          "a row of doubles needs a pipeline of numeric inputs and " + inputs.size() + " columns");
    }
    for (int t = 0; t < encoders.length; t++) {
      double[] column = columns[inputOf[t]];
      ((Encoder.Numeric) encoders[t])
          .encode(column == null ? Double.NaN : column[row], column == null, out, offsets[t]);
    }
  }

  /** The features of one row given by column name; every input must be present (null allowed). */
  public double[] transformRow(Map<String, ?> row) {
    Object[] values = new Object[inputs.size()];
    for (int i = 0; i < values.length; i++) {
      String name = inputs.get(i).name();
      if (!row.containsKey(name)) {
        throw new UserException(
            "the row has no '" + name + "'; it has: " + String.join(", ", row.keySet()));
      }
      values[i] = row.get(name);
    }
    return transformRow(values);
  }

  static Column column(Frame frame, String name) {
    if (!frame.hasColumn(name)) {
      throw new UserException(
          "the pipeline needs column '"
              + name
              + "' but the frame has: "
              + String.join(", ", frame.columnNames()));
    }
    return frame.column(name);
  }
}
