package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.json.Json;
import dev.kiln.core.learn.Task;
import dev.kiln.core.metrics.Bootstrap;
import dev.kiln.core.metrics.Clusters;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.core.metrics.Metrics;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.transform.FittedPipeline;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.split.Splitter;
import dev.kiln.data.synth.Payments;
import dev.kiln.store.Run;
import dev.kiln.store.RunStatus;
import dev.kiln.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln train --learner kmeans} end to end: no target, standardized features, a holdout
 * measured by clustering metrics that the bundle's own predictions reproduce, a tracked run, and
 * {@code kiln predict} writing the cluster index.
 */
class TrainClusteringTest {
  @TempDir static Path dir;
  static Path payments;

  @BeforeAll
  static void writeData() {
    payments = dir.resolve("payments.csv");
    FrameWriter.write(Payments.generate(2000, 5), payments);
  }

  static String[] kmeans(Path out, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "train",
                "--data",
                payments.toString(),
                "--learner",
                "kmeans",
                "--out",
                out.toString(),
                "--exclude",
                "payment_id,customer_id,is_fraud",
                "--resamples",
                "100"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  /** The stored metrics equal those recomputed from the bundle's pipeline, centroids and model. */
  static void storedMetricsMatchTheBundle(Path bundle, Frame holdout, int resamples)
      throws IOException {
    try (Predictor p = Predictor.load(bundle)) {
      assertThat(p.task()).isEqualTo(Task.clustering());
      assertThat(p.manifest().task()).isEqualTo("clustering");
      assertThat(p.manifest().target()).isNull();
      FittedPipeline pipeline =
          Json.mapper().treeToValue(p.manifest().pipeline(), FittedPipeline.class);
      float[] f = pipeline.transform(holdout).toFloats();
      double[] x = new double[f.length];
      for (int i = 0; i < f.length; i++) {
        x[i] = f[i];
      }
      JsonNode centroids = Json.mapper().readTree(bundle.resolve("centroids.json").toFile());
      int k = centroids.get("centroids").size();
      int d = pipeline.width();
      double[] c = new double[k * d];
      for (int a = 0; a < k; a++) {
        for (int j = 0; j < d; j++) {
          c[a * d + j] = centroids.get("centroids").get(a).get(j).asDouble();
        }
      }
      double[] predicted = p.predict(holdout);
      int[] labels = new int[holdout.rowCount()];
      double[] one = new double[1];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = (int) predicted[i];
        // the nearest centroid, and the same as the row-at-a-time path the server uses
        int nearest = 0;
        for (int a = 1; a < k; a++) {
          if (squared(x, i, c, a, d) < squared(x, i, c, nearest, d)) {
            nearest = a;
          }
        }
        assertThat(labels[i]).as("row %d", i).isEqualTo(nearest);
        Object[] row = new Object[p.inputNames().size()];
        for (int j = 0; j < row.length; j++) {
          row[j] = holdout.column(p.inputNames().get(j)).get(i);
        }
        p.predict(row, one);
        assertThat(one[0]).isEqualTo(predicted[i]);
      }
      List<MetricValue> recomputed =
          Bootstrap.builder(42)
              .resamples(resamples)
              .build()
              .estimate(Metrics.clustering(42), Clusters.of(x, d, labels, c));
      JsonNode stored = p.manifest().metrics().get("values");
      assertThat(stored.size()).isEqualTo(5);
      for (MetricValue v : recomputed) {
        TrainCommandTest.matches(stored, v);
      }
      assertThat(stored.get("silhouette").get("value").asDouble()).isBetween(-1.0, 1.0);
    }
  }

  static double squared(double[] x, int i, double[] c, int a, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double diff = x[i * d + j] - c[a * d + j];
      s += diff * diff;
    }
    return s;
  }

  @Test
  void kmeansTrainsWithoutATargetOnStandardizedFeaturesAndStoresMetricsTheBundleReproduces()
      throws IOException {
    Path out = dir.resolve("segments");
    CliRun run = CliRun.of(kmeans(out, "--param", "k=4", "--no-track"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("payments.csv: 2,000 rows; clustering, k=4, no target")
        .contains("split random: 1,600 training rows, 400 holdout rows")
        .contains(
            "note: not used for k-means (distances need numbers on one scale): ts (timestamp)")
        .containsPattern("silhouette +-?\\d\\.\\d{4}  \\[-?\\d\\.\\d{4}, -?\\d\\.\\d{4}\\]")
        .contains("inertia", "inertia_per_row", "davies_bouldin", "calinski_harabasz")
        .doesNotContain("stratified");
    Frame holdout =
        TrainCommandTest.read(payments)
            .take(Splitter.of("random", 0.2, 42).apply(TrainCommandTest.read(payments)).test());
    storedMetricsMatchTheBundle(out, holdout, 100);
    try (Predictor p = Predictor.load(out)) {
      FittedPipeline pipeline =
          Json.mapper().treeToValue(p.manifest().pipeline(), FittedPipeline.class);
      assertThat(pipeline.featureNames())
          .contains("amount", "customer_age__missing", "channel=web", "card_present")
          .doesNotContain("ts__year", "is_fraud");
      assertThat(Json.mapper().writeValueAsString(p.manifest().pipeline()))
          .contains("\"kind\" : \"standardize\"");
      assertThat(p.manifest().metrics().get("holdout").get("silhouette_rows").asInt())
          .isEqualTo(400);
      assertThat(p.manifest().learner().params().get("k")).isEqualTo(4);
    }
  }

  @Test
  void aTimeSplitHoldsOutTheLatestRowsAndTheRunIsTracked() throws IOException {
    Path out = dir.resolve("segments-time.kiln");
    String store = "sqlite:" + dir.resolve("kiln.db");
    Path artifacts = dir.resolve("artifacts");
    CliRun run =
        CliRun.of(
            kmeans(
                out,
                "--param",
                "k=3",
                "--task",
                "clustering",
                "--split",
                "time:ts",
                "--store",
                store,
                "--artifacts",
                artifacts.toString(),
                "--run-name",
                "segments"));

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("split time:ts")
        .contains("note: time column 'ts' is not a feature")
        .doesNotContain("not used for k-means")
        .contains("recorded run");
    try (Store s = Store.builder().url(store).artifacts(artifacts).open();
        Predictor p = Predictor.load(out)) {
      String id = p.manifest().provenance().runId();
      Run r = s.tracking().getRun(id);
      assertThat(r.info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(r.params())
          .containsEntry("task", "clustering")
          .containsEntry("learner", "kmeans")
          .containsEntry("k", "3")
          .doesNotContainKey("target");
      double silhouette =
          p.manifest().metrics().get("values").get("silhouette").get("value").asDouble();
      assertThat(r.metrics().get("silhouette").value()).isEqualTo(silhouette);
      assertThat(r.metrics().get("silhouette_lower").value()).isLessThanOrEqualTo(silhouette);
      assertThat(r.metrics()).containsKeys("inertia", "davies_bouldin_upper", "calinski_harabasz");
    }
  }

  @Test
  void predictWritesTheClusterIndexAsThePrediction() throws IOException {
    Path out = dir.resolve("segments-predict");
    assertThat(CliRun.of(kmeans(out, "--param", "k=5", "--no-track")).exit()).isZero();
    Path scored = dir.resolve("scored.csv");

    CliRun run =
        CliRun.of(
            "predict",
            "--model",
            out.toString(),
            "--data",
            payments.toString(),
            "--out",
            scored.toString(),
            "--keep",
            "payment_id");

    assertThat(run.exit()).as(run.err()).isZero();
    List<String> lines = Files.readAllLines(scored);
    assertThat(lines.get(0)).isEqualTo("payment_id,prediction");
    assertThat(lines).hasSize(2001);
    try (Predictor p = Predictor.load(out)) {
      double[] expected = p.predict(TrainCommandTest.read(payments));
      for (int i = 0; i < expected.length; i++) {
        String cluster = lines.get(i + 1).substring(lines.get(i + 1).indexOf(',') + 1);
        assertThat(cluster).as("row %d", i).isEqualTo(Long.toString((long) expected[i]));
      }
    }
  }

  @Test
  void aHoldoutAboveTheSilhouetteLimitIsScoredOnASeededSampleAndSaysSo() throws IOException {
    Path big = dir.resolve("big.csv");
    FrameWriter.write(Payments.generate(26_000, 9), big);
    Path out = dir.resolve("segments-big");

    CliRun run =
        CliRun.of(
            "train",
            "--data",
            big.toString(),
            "--learner",
            "kmeans",
            "--out",
            out.toString(),
            "--exclude",
            "payment_id,customer_id,is_fraud,ts",
            "--resamples",
            "20",
            "--no-track");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("clustering, k=8")
        .contains(
            "note: silhouette on a sample of 5,000 of the 5,200 holdout rows (seeded; exact up to"
                + " 5,000); its interval is over resamples of those rows");
    Frame frame = TrainCommandTest.read(big);
    storedMetricsMatchTheBundle(
        out, frame.take(Splitter.of("random", 0.2, 42).apply(frame).test()), 20);
    try (Predictor p = Predictor.load(out)) {
      assertThat(p.manifest().metrics().get("holdout").get("silhouette_rows").asInt())
          .isEqualTo(5000);
    }
  }

  @Test
  void aMulticlassTargetWithATargetEncodedCategoryTrainsEndToEnd() throws IOException {
    Path out = dir.resolve("channel.kiln");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "channel",
            "--target-encode",
            "merchant_category,country",
            "--exclude",
            "payment_id,customer_id",
            "--learner",
            "logistic",
            "--out",
            out.toString(),
            "--resamples",
            "50",
            "--no-track");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("target 'channel', multiclass(3) [app, pos, web]");
    try (Predictor p = Predictor.load(out)) {
      FittedPipeline pipeline =
          Json.mapper().treeToValue(p.manifest().pipeline(), FittedPipeline.class);
      assertThat(pipeline.featureNames())
          .contains(
              "merchant_category__target_app",
              "merchant_category__target_pos",
              "merchant_category__target_web",
              "country__target_web")
          .noneMatch(n -> n.startsWith("merchant_category="));
      assertThat(Json.mapper().writeValueAsString(p.manifest().pipeline()))
          .contains("\"kind\" : \"target_encode_multiclass\"");
      Frame frame = TrainCommandTest.read(payments);
      Frame holdout = frame.take(Splitter.of("stratified:channel", 0.2, 42).apply(frame).test());
      double[] batch = p.predict(holdout);
      double[] one = new double[3];
      for (int i = 0; i < holdout.rowCount(); i++) {
        Object[] row = new Object[p.inputNames().size()];
        for (int j = 0; j < row.length; j++) {
          row[j] = holdout.column(p.inputNames().get(j)).get(i);
        }
        p.predict(row, one);
        assertThat(one).containsExactly(batch[3 * i], batch[3 * i + 1], batch[3 * i + 2]);
      }
      int[] y = new int[holdout.rowCount()];
      for (int i = 0; i < y.length; i++) {
        y[i] = p.classes().indexOf((String) holdout.column("channel").get(i));
      }
      var probabilities = dev.kiln.core.metrics.ClassProbabilities.of(y, batch, 3);
      TrainCommandTest.matches(
          p.manifest().metrics().get("values"),
          Bootstrap.builder(42)
              .resamples(50)
              .build()
              .estimate(Metrics.ACCURACY, probabilities.predictions()));
    }
  }
}
