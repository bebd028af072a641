package dev.kiln.cli;

import dev.kiln.cli.tracking.ModelRegistration;
import dev.kiln.cli.tracking.TrainingRun;
import dev.kiln.cli.tracking.Who;
import dev.kiln.cli.train.Training;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.metrics.BinaryScores;
import dev.kiln.core.metrics.Bootstrap;
import dev.kiln.core.metrics.MetricValue;
import dev.kiln.core.metrics.Metrics;
import dev.kiln.core.metrics.PairedDifference;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.source.FileSource;
import dev.kiln.store.Change;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The quickstart's modelling steps: train LightGBM and logistic regression on January–April,
 * evaluate both on May–June (after the shift), compare them with a paired bootstrap, and score a
 * batch with the better one. Both trainings are recorded as runs in the quickstart folder's own
 * store ({@code DIR/.kiln}), and the better model is registered there as {@code fraud@champion}.
 */
final class QuickstartModels {
  private static final List<String> NOT_FEATURES = List.of("payment_id", "customer_id");
  private static final int RESAMPLES = 500;
  static final String EXPERIMENT = "quickstart";
  static final String MODEL = "fraud";

  /** The model registered as {@code fraud@champion}: its bundle and version. */
  record Champion(Path bundle, int version) {}

  private final Path dir;
  private final long seed;
  private final PrintWriter out;

  QuickstartModels(Path dir, long seed, PrintWriter out) {
    this.dir = dir;
    this.seed = seed;
    this.out = out;
  }

  /** The quickstart folder's store URL. */
  static String storeUrl(Path dir) {
    return "sqlite:" + dir.resolve(".kiln").resolve("kiln.db");
  }

  Champion run(Path data, Path holdout, String cut) {
    try (Store store = Store.open(storeUrl(dir))) {
      return run(store, data, holdout, cut);
    }
  }

  private Champion run(Store store, Path data, Path holdout, String cut) {
    Path lightgbm = dir.resolve("fraud-lightgbm.kiln");
    Path logistic = dir.resolve("fraud-logistic.kiln");
    out.printf("[5] trained on January-April, evaluated on May-June (after the shift):%n");
    TrainingRun gbmRun = start(store, "lightgbm");
    MetricValue gbmAuc = train(gbmRun, data, cut, "lightgbm", lightgbm);
    TrainingRun lrRun = start(store, "logistic");
    MetricValue lrAuc = train(lrRun, data, cut, "logistic", logistic);
    out.printf(
        "    lightgbm  AUC %.4f [%.4f, %.4f]  %s%n",
        gbmAuc.value(), gbmAuc.lower(), gbmAuc.upper(), lightgbm);
    out.printf(
        "    logistic  AUC %.4f [%.4f, %.4f]  %s%n",
        lrAuc.value(), lrAuc.lower(), lrAuc.upper(), logistic);

    PairedDifference diff = compare(lightgbm, logistic, holdout);
    out.printf(
        "    difference %+.4f, 95%% CI [%+.4f, %+.4f] (paired bootstrap, %d resamples): %s%n",
        diff.difference(),
        diff.lower(),
        diff.upper(),
        diff.resamples(),
        diff.largerThanNoise()
            ? "larger than the noise; "
                + (diff.difference() > 0 ? "lightgbm" : "logistic")
                + " is better"
            : "within the noise; neither model is clearly better");

    Path best = diff.difference() >= 0 ? lightgbm : logistic;
    TrainingRun bestRun = diff.difference() >= 0 ? gbmRun : lrRun;
    out.printf(
        "    recorded as runs %s (lightgbm) and %s (logistic) in experiment '%s' of %s%n",
        gbmRun.id(), lrRun.id(), EXPERIMENT, store.url());
    Change change =
        Change.by(Who.of(null, System.getenv()))
            .because(
                String.format(
                    "quickstart: higher holdout AUC (difference %+.4f, %s)",
                    diff.difference(),
                    diff.largerThanNoise() ? "larger than the noise" : "within the noise"));
    ModelVersion v = ModelRegistration.fromRun(store, MODEL, bestRun.id(), null, change);
    ModelRegistration.setAliases(store.registry(), v, List.of("champion"), change);
    out.printf(
        "    registered %s as %s/%d, alias champion%n", best.getFileName(), v.name(), v.version());
    Path scored = dir.resolve("payments.test.scored.csv");
    try (Predictor p = Predictor.load(best)) {
      long rows = new BatchScoring(p, 8_192).score(holdout, scored, List.of("payment_id"), n -> {});
      out.printf("[6] scored %,d payments with %s%n    %s%n", rows, best.getFileName(), scored);
    }
    return new Champion(best, v.version());
  }

  private static TrainingRun start(Store store, String learner) {
    return TrainingRun.start(
        store,
        EXPERIMENT,
        null,
        learner,
        Who.of(null, System.getenv()),
        Clock.systemUTC(),
        "kiln quickstart");
  }

  private MetricValue train(TrainingRun run, Path data, String cut, String learner, Path bundle) {
    Training.Result r;
    try (TrainingBar bar = new TrainingBar("training " + learner, learner)) {
      r =
          Training.builder()
              .data(data)
              .target("is_fraud")
              .split("time:ts@" + cut)
              .learner(learner)
              .seed(seed)
              .resamples(RESAMPLES)
              .exclude(NOT_FEATURES)
              .out(bundle)
              .runId(run.id())
              .build()
              .run(bar::update);
    } catch (RuntimeException | Error e) {
      run.failed(e);
      throw e;
    }
    String version = QuickstartModels.class.getPackage().getImplementationVersion();
    run.finished(r, version == null ? "dev" : version);
    return r.metrics().stream()
        .filter(m -> m.name().equals(Metrics.AUC_ROC.name()))
        .findFirst()
        .orElseThrow();
  }

  /** Both models' AUC on the same holdout rows, and the paired bootstrap of their difference. */
  private PairedDifference compare(Path first, Path second, Path holdout) {
    try (Predictor a = Predictor.load(first);
        Predictor b = Predictor.load(second)) {
      Frame rows =
          new FileSource(
                  holdout,
                  Optional.of(
                      new Schema(a.manifest().signature().stream().map(s -> s.toField()).toList())))
              .read();
      // Columns outside the signature, the target among them, keep their inferred types.
      LongColumn y = (LongColumn) rows.column("is_fraud");
      int[] labels = new int[y.size()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = a.classes().indexOf(Long.toString(y.value(i)));
      }
      return Bootstrap.builder(seed)
          .resamples(RESAMPLES)
          .build()
          .compare(
              Metrics.AUC_ROC,
              BinaryScores.of(labels, positive(a.predict(rows))),
              BinaryScores.of(labels, positive(b.predict(rows))));
    }
  }

  /** P(class 1) from [P(0), P(1)] pairs. */
  private static double[] positive(double[] probabilities) {
    double[] p = new double[probabilities.length / 2];
    for (int i = 0; i < p.length; i++) {
      p[i] = probabilities[2 * i + 1];
    }
    return p;
  }
}
