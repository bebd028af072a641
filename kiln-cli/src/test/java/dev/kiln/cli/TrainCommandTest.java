package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Task;
import dev.kiln.core.metrics.BinaryScores;
import dev.kiln.core.metrics.Bootstrap;
import dev.kiln.core.metrics.ClassProbabilities;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.core.metrics.Metrics;
import dev.kiln.core.metrics.RegressionPredictions;
import dev.kiln.core.predict.Predictor;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.source.Sources;
import dev.kiln.data.split.Splitter;
import dev.kiln.data.synth.Payments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln train} end to end on real files: the bundle it writes loads, and the holdout metrics
 * in its manifest are what the loaded predictor's own predictions on the same holdout give.
 */
class TrainCommandTest {
  private static final double TOLERANCE = 1e-12;

  @TempDir static Path dir;
  static Path payments;

  @BeforeAll
  static void writeData() {
    payments = dir.resolve("payments.csv");
    FrameWriter.write(Payments.generate(3000, 7), payments);
  }

  static Path dataset(String name) throws IOException {
    Path file = dir.resolve(name + ".csv");
    if (!Files.exists(file)) {
      try (InputStream in =
          TrainCommandTest.class.getResourceAsStream("/datasets/" + name + ".csv")) {
        Files.copy(in, file);
      }
    }
    return file;
  }

  static Frame read(Path file) {
    return Sources.open(file.toString(), Optional.empty(), Optional.empty()).read();
  }

  static JsonNode metrics(Predictor p) {
    return p.manifest().metrics().get("values");
  }

  static Frame holdout(Frame frame, String split) {
    return frame.take(Splitter.of(split, 0.2, 42).apply(frame).test());
  }

  static void matches(JsonNode stored, MetricValue recomputed) {
    JsonNode m = stored.get(recomputed.name());
    assertThat(m).as(recomputed.name()).isNotNull();
    assertThat(m.get("value").asDouble())
        .as(recomputed.name())
        .isCloseTo(recomputed.value(), org.assertj.core.data.Offset.offset(TOLERANCE));
    assertThat(m.get("lower").asDouble())
        .isCloseTo(recomputed.lower(), org.assertj.core.data.Offset.offset(TOLERANCE));
    assertThat(m.get("upper").asDouble())
        .isCloseTo(recomputed.upper(), org.assertj.core.data.Offset.offset(TOLERANCE));
  }

  @Test
  void binaryTargetTrainsABundleWhoseStoredMetricsMatchItsOwnHoldoutPredictions() {
    Path out = dir.resolve("fraud.kiln");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "is_fraud",
            "--out",
            out.toString(),
            "--exclude",
            "payment_id,customer_id",
            "--resamples",
            "200");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("target 'is_fraud', binary [0, 1]")
        .contains("split stratified:is_fraud")
        .containsPattern("auc_roc +0\\.\\d{4}  \\[0\\.\\d{4}, [01]\\.\\d{4}\\]")
        .contains("pr_auc", "log_loss", "brier", "accuracy", "balanced_accuracy", "f1")
        .containsPattern(
            "took \\d+\\.\\d s: read \\d+\\.\\d s, split \\d+\\.\\d s, features \\d+\\.\\d s,"
                + " train \\d+\\.\\d s, holdout \\d+\\.\\d s, profile wait \\d+\\.\\d s,"
                + " bundle \\d+\\.\\d s\n");
    try (Predictor p = Predictor.load(out)) {
      assertThat(p.task()).isEqualTo(Task.binary());
      assertThat(p.classes()).containsExactly("0", "1");
      assertThat(p.inputNames()).doesNotContain("is_fraud", "payment_id", "customer_id");
      Frame holdout = holdout(read(payments), "stratified:is_fraud");
      double[] pred = p.predict(holdout);
      int[] y = new int[holdout.rowCount()];
      double[] score = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        y[i] = (int) ((Number) holdout.column("is_fraud").get(i)).longValue();
        score[i] = pred[2 * i + 1];
      }
      Bootstrap b = Bootstrap.builder(42).resamples(200).build();
      // kiln train bootstraps the holdout rows in score order (BinaryScores.inScoreOrder)
      BinaryScores scores = BinaryScores.of(y, score).inScoreOrder();
      JsonNode stored = metrics(p);
      for (MetricValue v :
          b.estimate(
              List.of(Metrics.AUC_ROC, Metrics.PR_AUC, Metrics.LOG_LOSS, Metrics.BRIER), scores)) {
        matches(stored, v);
      }
      for (MetricValue v :
          b.estimate(
              List.of(Metrics.ACCURACY, Metrics.BALANCED_ACCURACY), scores.predictions(0.5))) {
        matches(stored, v);
      }
      assertThat(stored.get("f1").get("value").asDouble())
          .isEqualTo(Metrics.f1(1).compute(scores.predictions(0.5)));
      assertThat(p.manifest().metrics().get("holdout").get("rows").asInt())
          .isEqualTo(holdout.rowCount());
      assertThat(p.manifest().provenance().datasetDigest()).startsWith("sha256:");
      assertThat(p.manifest().provenance().createdAt()).isNotBlank();
      assertThat(p.manifest().referenceProfile()).isNotNull();
    }
  }

  @Test
  void theTimeLineAddsThePhasesUpInTheOrderTheyRan() {
    Map<String, Double> phases = new java.util.LinkedHashMap<>();
    phases.put("read", 4.24);
    phases.put("train", 13.81);
    phases.put("bundle", 0.55);
    assertThat(TrainCommand.took(phases))
        .isEqualTo("took 18.6 s: read 4.2 s, train 13.8 s, bundle 0.6 s");
  }

  @Test
  void multiclassTargetOnWineStoresMetricsThatMatchThePredictor() throws IOException {
    Path wine = dataset("wine");
    Path out = dir.resolve("wine-model");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            wine.toString(),
            "--target",
            "cultivar",
            "--out",
            out.toString(),
            "--learner",
            "logistic",
            "--resamples",
            "100");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("multiclass(3) [class_0, class_1, class_2]");
    try (Predictor p = Predictor.load(out)) {
      Frame holdout = holdout(read(wine), "stratified:cultivar");
      double[] pred = p.predict(holdout);
      int[] y = new int[holdout.rowCount()];
      for (int i = 0; i < y.length; i++) {
        y[i] = p.classes().indexOf((String) holdout.column("cultivar").get(i));
      }
      ClassProbabilities probs = ClassProbabilities.of(y, pred, 3);
      Bootstrap b = Bootstrap.builder(42).resamples(100).build();
      JsonNode stored = metrics(p);
      for (MetricValue v :
          b.estimate(
              List.of(
                  Metrics.ACCURACY,
                  Metrics.BALANCED_ACCURACY,
                  Metrics.f1(dev.kiln.core.metrics.Average.MACRO)),
              probs.predictions())) {
        matches(stored, v);
      }
      matches(stored, b.estimate(Metrics.MULTICLASS_LOG_LOSS, probs));
    }
  }

  @Test
  void numericTargetIsRegressionWithMapeOnlyWithoutZeroLabels() {
    Path out = dir.resolve("amount.kiln");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "amount",
            "--out",
            out.toString(),
            "--exclude",
            "payment_id,customer_id",
            "--resamples",
            "100",
            "--param",
            "num_iterations=30");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("target 'amount', regression").contains("split random:");
    try (Predictor p = Predictor.load(out)) {
      Frame holdout = holdout(read(payments), "random");
      double[] y = new double[holdout.rowCount()];
      for (int i = 0; i < y.length; i++) {
        y[i] = ((Number) holdout.column("amount").get(i)).doubleValue();
      }
      RegressionPredictions r = RegressionPredictions.of(y, p.predict(holdout));
      Bootstrap b = Bootstrap.builder(42).resamples(100).build();
      JsonNode stored = metrics(p);
      for (MetricValue v :
          b.estimate(List.of(Metrics.RMSE, Metrics.MAE, Metrics.R2, Metrics.MAPE), r)) {
        matches(stored, v);
      }
    }
  }

  @Test
  void sameSeedGivesTheSameMetricsAndEveryIntervalHoldsItsValue() throws IOException {
    Path data = dataset("breast_cancer");
    String[] args = {
      "train",
      "--data",
      data.toString(),
      "--target",
      "diagnosis",
      "--resamples",
      "300",
      "--no-track" // each tracked run prints its own run id
    };
    CliRun first = CliRun.of(concat(args, "--out", dir.resolve("bc1").toString()));
    CliRun second = CliRun.of(concat(args, "--out", dir.resolve("bc2").toString()));
    assertThat(first.exit()).as(first.err()).isZero();
    // the same output but for the wall times
    assertThat(second.out().replace("bc2", "bc1").replaceAll("took .*\n", ""))
        .isEqualTo(first.out().replaceAll("took .*\n", ""));
    try (Predictor p = Predictor.load(dir.resolve("bc1"));
        Predictor q = Predictor.load(dir.resolve("bc2"))) {
      assertThat(metrics(q)).isEqualTo(metrics(p));
      metrics(p)
          .fields()
          .forEachRemaining(
              e -> {
                double v = e.getValue().get("value").asDouble();
                assertThat(e.getValue().get("lower").asDouble())
                    .as(e.getKey())
                    .isLessThanOrEqualTo(v);
                assertThat(e.getValue().get("upper").asDouble())
                    .as(e.getKey())
                    .isGreaterThanOrEqualTo(v);
              });
    }
  }

  @Test
  void theSeedOptionIsTheLearnersSeed() throws IOException {
    Path data = dataset("breast_cancer");
    String[] args = {
      "train", "--data", data.toString(), "--target", "diagnosis", "--resamples", "10"
    };
    assertThat(CliRun.of(concat(args, "--out", dir.resolve("s1").toString())).exit()).isZero();
    assertThat(
            CliRun.of(concat(args, "--out", dir.resolve("s2").toString(), "--seed", "43")).exit())
        .isZero();
    try (Predictor p = Predictor.load(dir.resolve("s1"));
        Predictor q = Predictor.load(dir.resolve("s2"))) {
      assertThat(p.manifest().learner().params().get("seed").toString()).isEqualTo("42");
      assertThat(q.manifest().learner().params().get("seed").toString()).isEqualTo("43");
    }
  }

  @Test
  void aTimeSplitHoldsOutTheLaterRowsAndLeavesTheTimeColumnOut() {
    Path out = dir.resolve("time.kiln");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "is_fraud",
            "--out",
            out.toString(),
            "--split",
            "time:ts@2025-05-01",
            "--exclude",
            "payment_id,customer_id",
            "--resamples",
            "50");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("split time:ts@2025-05-01T00:00:00Z")
        .contains("time column 'ts' is not a feature");
    try (Predictor p = Predictor.load(out)) {
      assertThat(p.inputNames()).doesNotContain("ts");
    }
  }

  @Test
  void progressWritesNothingWhenStderrIsNotATerminal() {
    Path out = dir.resolve("quiet.kiln");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "is_fraud",
            "--out",
            out.toString(),
            "--resamples",
            "20");
    assertThat(run.exit()).isZero();
    assertThat(run.err()).doesNotContain("\r").doesNotContain("ETA");
    assertThat(run.out()).doesNotContain("\r");
  }

  @Test
  void earlyStoppingWatchesATenthOfTheTrainingRowsAndKeepsFewerTrees() {
    Path out = dir.resolve("stopped.kiln");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "is_fraud",
            "--out",
            out.toString(),
            "--exclude",
            "payment_id,customer_id",
            "--resamples",
            "100",
            "--param",
            "num_iterations=400",
            "--param",
            "learning_rate=0.3",
            "--param",
            "early_stopping_rounds=5");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("early stopping watches").contains("stratified:is_fraud");
    try (Predictor p = Predictor.load(out)) {
      int kept = p.manifest().learner().iterations();
      assertThat(kept).isBetween(1, 399);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
