package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.source.FileSource;
import dev.kiln.data.synth.Payments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln predict} scores files batch by batch exactly as the predictor scores a frame. */
class PredictCommandTest {
  @TempDir static Path models;
  @TempDir Path dir;

  static Path fraud;
  static Path channel;

  @BeforeAll
  static void train() {
    fraud = TrainedBundles.train(models.resolve("fraud.kiln"), "is_fraud", "lightgbm");
    channel = TrainedBundles.train(models.resolve("channel"), "channel", "logistic");
  }

  private Path data(String name, int rows) {
    Path file = dir.resolve(name);
    FrameWriter.write(Payments.generate(rows, 5), file);
    return file;
  }

  /** What the predictor gives for the whole file read at once with the model's signature. */
  private static double[] expected(Path bundle, Path file) {
    try (Predictor p = Predictor.load(bundle)) {
      Schema schema = new Schema(p.manifest().signature().stream().map(s -> s.toField()).toList());
      return p.predict(new FileSource(file, Optional.of(schema)).read());
    }
  }

  private static void assertProbabilities(Frame out, List<String> classes, double[] expected) {
    int width = classes.size();
    assertThat(expected).hasSize(out.rowCount() * width);
    for (int c = 0; c < width; c++) {
      DoubleColumn p = (DoubleColumn) out.column("probability_" + classes.get(c));
      for (int r = 0; r < out.rowCount(); r++) {
        assertThat(Double.doubleToRawLongBits(p.value(r)))
            .as("row %d class %s", r, classes.get(c))
            .isEqualTo(Double.doubleToRawLongBits(expected[r * width + c]));
      }
    }
  }

  private static List<String> strings(Column c) {
    List<String> v = new ArrayList<>();
    for (int r = 0; r < c.size(); r++) {
      v.add(String.valueOf(c.get(r)));
    }
    return v;
  }

  private List<String> filesIn(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void scoresACsvInBatchesExactlyAsThePredictorScoresTheWholeFrame() throws Exception {
    Path in = data("in.csv", 2_000);
    Path out = dir.resolve("scored.csv");
    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            fraud.toString(),
            "--data",
            in.toString(),
            "--out",
            out.toString(),
            "--keep",
            "payment_id",
            "ts",
            "--batch-rows",
            "300");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("scored 2,000 rows");

    Frame scored = new FileSource(out).read();
    assertThat(scored.columnNames())
        .containsExactly("payment_id", "ts", "prediction", "probability_0", "probability_1");
    Frame input = new FileSource(in).read();
    assertThat(strings(scored.column("payment_id"))).isEqualTo(strings(input.column("payment_id")));
    assertThat(strings(scored.column("ts"))).isEqualTo(strings(input.column("ts")));
    double[] expected = expected(fraud, in);
    assertProbabilities(scored, List.of("0", "1"), expected);
    for (int r = 0; r < scored.rowCount(); r++) {
      String label = expected[2 * r + 1] > expected[2 * r] ? "1" : "0";
      assertThat(String.valueOf(scored.column("prediction").get(r))).isEqualTo(label);
    }
    assertThat(filesIn(dir)).containsExactly("in.csv", "scored.csv");
  }

  @Test
  void scoresParquetToParquetWithTheExactDoublesAndInputOrder() throws Exception {
    Path in = data("in.parquet", 1_500);
    Path out = dir.resolve("scored.parquet");
    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            fraud.toString(),
            "--data",
            in.toString(),
            "--out",
            out.toString(),
            "--keep",
            "payment_id",
            "--batch-rows",
            "128");
    assertThat(run.exit()).as(run.err()).isZero();

    Frame scored = new FileSource(out).read();
    assertThat(scored.rowCount()).isEqualTo(1_500);
    assertThat(strings(scored.column("payment_id")))
        .isEqualTo(strings(new FileSource(in).read().column("payment_id")));
    assertProbabilities(scored, List.of("0", "1"), expected(fraud, in));
    assertThat(filesIn(dir)).containsExactly("in.parquet", "scored.parquet");
  }

  @Test
  void aMulticlassModelWritesItsLabelAndOneProbabilityPerClass() {
    Path in = data("in.csv", 500);
    Path out = dir.resolve("scored.tsv");
    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            channel.toString(),
            "--data",
            in.toString(),
            "--out",
            out.toString());
    assertThat(run.exit()).as(run.err()).isZero();

    Frame scored = new FileSource(out).read();
    List<String> classes = List.of("app", "pos", "web");
    assertThat(scored.columnNames())
        .containsExactly("prediction", "probability_app", "probability_pos", "probability_web");
    double[] expected = expected(channel, in);
    assertProbabilities(scored, classes, expected);
    for (int r = 0; r < scored.rowCount(); r++) {
      int best = 0;
      for (int c = 1; c < 3; c++) {
        best = expected[3 * r + c] > expected[3 * r + best] ? c : best;
      }
      assertThat(((StringColumn) scored.column("prediction")).value(r))
          .isEqualTo(classes.get(best));
    }
  }

  @Test
  void aMissingOptionalColumnIsScoredAsAllNullAndImputedAsFitted() throws Exception {
    Frame full = Payments.generate(400, 5);
    List<Column> kept = new ArrayList<>(full.columns());
    kept.removeIf(c -> c.name().equals("customer_age"));
    Path in = dir.resolve("in.csv");
    FrameWriter.write(new Frame(kept), in);
    Path out = dir.resolve("scored.parquet");
    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            fraud.toString(),
            "--data",
            in.toString(),
            "--out",
            out.toString());
    assertThat(run.exit()).as(run.err()).isZero();

    Path withNulls = dir.resolve("nulls.csv");
    FrameWriter.write(
        full.with(
            BatchScoring.nullColumn(
                Payments.schema().field("customer_age").orElseThrow(), full.rowCount())),
        withNulls);
    assertProbabilities(new FileSource(out).read(), List.of("0", "1"), expected(fraud, withNulls));
  }

  @Test
  void anEmptyValueInAColumnTrainedWithoutEmptyValuesIsRefusedWithItsRowAndNoOutput() {
    Frame full = Payments.generate(300, 5);
    DoubleColumn amount = (DoubleColumn) full.column("amount");
    java.util.BitSet nulls = (java.util.BitSet) amount.nulls().clone();
    nulls.set(123);
    Path in = dir.resolve("in.csv");
    FrameWriter.write(
        full.with(new DoubleColumn("amount", amount.values(), nulls, amount.size())), in);
    Path out = dir.resolve("scored.csv");

    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            fraud.toString(),
            "--data",
            in.toString(),
            "--out",
            out.toString(),
            "--batch-rows",
            "100");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(in + " data row 124: column 'amount' is empty")
        .contains("trained without empty values");
    assertThat(out).doesNotExist();
  }

  @Test
  void unseenCategoriesAllLandInTheUnseenBucket() throws Exception {
    Frame full = Payments.generate(300, 5);
    List<String> outputs = new ArrayList<>();
    for (String unseen : List.of("submarines", "zeppelins")) {
      String[] v = new String[full.rowCount()];
      java.util.Arrays.fill(v, unseen);
      Path in = dir.resolve(unseen + ".csv");
      FrameWriter.write(
          full.with(
              new StringColumn("merchant_category", dev.kiln.core.frame.ColumnType.CATEGORICAL, v)),
          in);
      Path out = dir.resolve(unseen + "-scored.csv");
      CliRun run =
          CliRun.of(
              "predict",
              "--model",
              fraud.toString(),
              "--data",
              in.toString(),
              "--out",
              out.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertProbabilities(new FileSource(out).read(), List.of("0", "1"), expected(fraud, in));
      outputs.add(Files.readString(out));
    }
    assertThat(outputs.get(0)).isEqualTo(outputs.get(1));
  }
}
