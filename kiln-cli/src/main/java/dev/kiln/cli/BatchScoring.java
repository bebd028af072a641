package dev.kiln.cli;

import dev.kiln.core.UserException;
import dev.kiln.core.bundle.SignatureField;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.learn.Task;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.io.AtomicFile;
import dev.kiln.data.io.FrameSink;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.source.FileFormat;
import dev.kiln.data.source.FileSource;
import dev.kiln.data.source.Scan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Scores a data file with a model in bounded memory: reads it batch by batch with the model's
 * signature as its schema, predicts each batch and appends the rows to the output, which appears
 * only when complete.
 */
final class BatchScoring {
  /**
   * What to read and what to fill.
   *
   * @param declared the signature's fields present in the file: read with the types of training
   * @param fill nullable inputs the file lacks: scored as all-null columns, imputed as fitted
   * @param keep input columns copied to the output
   */
  record Plan(Schema declared, List<Field> fill, List<String> keep) {}

  private final Predictor predictor;
  private final int batchRows;

  BatchScoring(Predictor predictor, int batchRows) {
    if (batchRows <= 0) {
      throw new UserException("--batch-rows must be positive but was " + batchRows);
    }
    this.predictor = predictor;
    this.batchRows = batchRows;
  }

  /**
   * Decides how the file's columns meet the model's inputs. A column is required when the signature
   * says it is never null, or when the pipeline reads it and the signature does not list it; a
   * missing required column fails here, before any row is read.
   */
  static Plan plan(
      List<SignatureField> signature,
      List<String> inputs,
      List<String> fileColumns,
      List<String> keep,
      String file) {
    Set<String> present = new HashSet<>(fileColumns);
    Set<String> read = new HashSet<>(inputs);
    List<Field> declared = new ArrayList<>();
    List<Field> fill = new ArrayList<>();
    Set<String> missing = new LinkedHashSet<>();
    Set<String> listed = new HashSet<>();
    for (SignatureField s : signature) {
      Field f = s.toField();
      listed.add(f.name());
      if (present.contains(f.name())) {
        declared.add(f);
      } else if (!f.nullable()) {
        missing.add(f.name());
      } else if (read.contains(f.name())) {
        fill.add(f);
      }
    }
    for (String input : inputs) {
      if (!listed.contains(input) && !present.contains(input)) {
        missing.add(input);
      }
    }
    if (!missing.isEmpty()) {
      throw new UserException(
          file
              + ": the model needs "
              + names("column", missing)
              + " but the file lacks "
              + (missing.size() > 1 ? "them" : "it")
              + " (its columns: "
              + String.join(", ", fileColumns)
              + ")");
    }
    Set<String> seen = new HashSet<>();
    for (String k : keep) {
      if (!present.contains(k)) {
        throw new UserException(
            "--keep "
                + k
                + ": "
                + file
                + " has no column '"
                + k
                + "' (its columns: "
                + String.join(", ", fileColumns)
                + ")");
      }
      if (!seen.add(k)) {
        throw new UserException("--keep names column '" + k + "' twice");
      }
    }
    return new Plan(new Schema(declared), List.copyOf(fill), List.copyOf(keep));
  }

  private static String names(String noun, Set<String> names) {
    return noun
        + (names.size() > 1 ? "s " : " ")
        + names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
  }

  /** The columns a prediction adds: the label or value, then a classifier's probabilities. */
  List<Field> outputFields() {
    Task task = predictor.task();
    List<String> outputs = predictor.manifest().outputs();
    String name = outputs.isEmpty() ? "prediction" : outputs.get(0);
    List<Field> fields = new ArrayList<>();
    if (task.isClassification()) {
      fields.add(Field.of(name, ColumnType.CATEGORICAL, false));
      for (String c : predictor.classes()) {
        fields.add(Field.of("probability_" + c, ColumnType.FLOAT, false));
      }
    } else if (task.kind() == Task.Kind.CLUSTERING) {
      // the cluster index, in the column every task's prediction has (the manifest says "cluster")
      fields.add(Field.of("prediction", ColumnType.INTEGER, false));
    } else {
      fields.add(Field.of(name, ColumnType.FLOAT, false));
    }
    return fields;
  }

  /** Scores {@code data} into {@code out}; returns the number of rows scored. */
  long score(Path data, Path out, List<String> keep, LongConsumer progress) {
    FileFormat outFormat = FileFormat.of(out);
    FrameWriter.checkWritable(out);
    FileSource probe = new FileSource(data);
    List<String> header = probe.preflight();
    List<String> columns = header.isEmpty() ? columnsOf(probe) : header;
    Plan plan =
        plan(
            predictor.manifest().signature(),
            predictor.inputNames(),
            columns,
            keep,
            data.toString());
    List<Field> outputs = outputFields();
    Set<String> outputNames = new HashSet<>();
    outputs.forEach(f -> outputNames.add(f.name()));
    for (String k : keep) {
      if (outputNames.contains(k)) {
        throw new UserException(
            "--keep " + k + ": the output already has a column '" + k + "' (the model's output)");
      }
    }
    FileSource source = new FileSource(data, Optional.of(plan.declared()));
    long[] rows = {0};
    try (Scan scan = source.scan(batchRows)) {
      List<Field> fields = new ArrayList<>();
      for (String k : keep) {
        fields.add(scan.schema().field(k).orElseThrow());
      }
      fields.addAll(outputs);
      AtomicFile.write(
          out,
          tmp -> {
            try (FrameSink sink = FrameSink.open(tmp, outFormat, fields)) {
              for (Frame batch = scan.next(); batch != null; batch = scan.next()) {
                requireValues(batch, plan, rows[0], data);
                sink.append(scoreBatch(batch, plan, outputs));
                rows[0] += batch.rowCount();
                progress.accept(batch.rowCount());
              }
              sink.finish();
            }
          });
    }
    return rows[0];
  }

  /**
   * Refuses an empty value in a column the model never saw empty: the signature marks it not
   * nullable because training had no nulls there, so the pipeline would have to guess. (A column
   * that was nullable in training is imputed as fitted.)
   */
  static void requireValues(Frame batch, Plan plan, long rowsBefore, Path file) {
    for (Field f : plan.declared().fields()) {
      if (f.nullable()) {
        continue;
      }
      Column c = batch.column(f.name());
      if (c.nullCount() == 0) {
        continue;
      }
      int r = 0;
      while (!c.isNull(r)) {
        r++;
      }
      throw new UserException(
          file
              + " data row "
              + (rowsBefore + r + 1)
              + ": column '"
              + f.name()
              + "' is empty, but the model was trained without empty values in it (its"
              + " signature says not nullable); fill the value, or retrain on data that has"
              + " empty values there");
    }
  }

  /** One batch's output rows: the kept columns, then the prediction columns. */
  Frame scoreBatch(Frame batch, Plan plan, List<Field> outputs) {
    int n = batch.rowCount();
    Frame input = batch;
    if (!plan.fill().isEmpty()) {
      List<Column> cols = new ArrayList<>(batch.columns());
      plan.fill().forEach(f -> cols.add(nullColumn(f, n)));
      input = new Frame(cols);
    }
    double[] preds = predictor.predict(input);
    int width = predictor.width();
    List<Column> out = new ArrayList<>();
    plan.keep().forEach(k -> out.add(batch.column(k)));
    String name = outputs.get(0).name();
    Task task = predictor.task();
    if (task.isClassification()) {
      String[] labels = new String[n];
      for (int r = 0; r < n; r++) {
        labels[r] = predictor.label(preds, r * width);
      }
      out.add(new StringColumn(name, ColumnType.CATEGORICAL, labels));
      for (int c = 0; c < width; c++) {
        double[] p = new double[n];
        for (int r = 0; r < n; r++) {
          p[r] = preds[r * width + c];
        }
        out.add(new DoubleColumn(outputs.get(c + 1).name(), p, new BitSet(), n));
      }
    } else if (task.kind() == Task.Kind.CLUSTERING) {
      long[] k = new long[n];
      for (int r = 0; r < n; r++) {
        k[r] = (long) preds[r];
      }
      out.add(new LongColumn(name, ColumnType.INTEGER, k, new BitSet(), n));
    } else {
      out.add(new DoubleColumn(name, preds, new BitSet(), n));
    }
    return new Frame(out);
  }

  static Column nullColumn(Field f, int n) {
    BitSet all = new BitSet(n);
    all.set(0, n);
    return switch (f.type()) {
      case FLOAT -> new DoubleColumn(f.name(), new double[n], all, n);
      case INTEGER, TIMESTAMP -> new LongColumn(f.name(), f.type(), new long[n], all, n);
      case BOOLEAN -> new BooleanColumn(f.name(), new BitSet(n), all, n);
      case CATEGORICAL, TEXT -> new StringColumn(f.name(), f.type(), new String[n]);
    };
  }

  private static List<String> columnsOf(FileSource source) {
    try (Scan scan = source.scan(1)) {
      return scan.schema().names();
    }
  }
}
