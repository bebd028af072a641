package dev.kiln.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.CliRun;
import dev.kiln.core.bundle.Bundle;
import dev.kiln.core.predict.Predictor;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.RegisteredBundle;
import dev.kiln.store.Run;
import dev.kiln.store.RunStatus;
import dev.kiln.store.Store;

/**
 * The tracking and registry flow through the CLI, the same on every backend: two trainings
 * recorded, searched, shown, compared; a model registered from a run and from a file, an alias
 * moved, the audit trail read, and the champion's bundle resolved and loaded.
 */
final class TrackingScenario {
  private TrackingScenario() {}

  static void run(TrackingFlow f) throws Exception {
    String gbm = f.train("lightgbm", "gbm");
    String lr = f.train("logistic", "lr");

    // Recorded as asked: status, params, metrics with their intervals, tags, input, artifact.
    try (Store s = Store.builder().url(f.store).artifacts(f.dir.resolve("artifacts")).open()) {
      Run run = s.tracking().getRun(gbm);
      assertThat(run.info().status()).isEqualTo(RunStatus.FINISHED);
      assertThat(run.info().runName()).isEqualTo("gbm");
      assertThat(s.tracking().getExperiment(run.info().experimentId()).name()).isEqualTo("fraud");
      assertThat(run.params())
          .containsEntry("learner", "lightgbm")
          .containsEntry("task", "binary")
          .containsEntry("target", "is_fraud")
          .containsEntry("seed", "42")
          .containsKey("num_iterations")
          .containsKey("split");
      double auc = run.metrics().get("auc_roc").value();
      assertThat(run.metrics().get("auc_roc_lower").value()).isLessThanOrEqualTo(auc);
      assertThat(run.metrics().get("auc_roc_upper").value()).isGreaterThanOrEqualTo(auc);
      assertThat(run.tags())
          .containsEntry("mlflow.source.name", "kiln train")
          .containsKey("mlflow.user")
          .containsEntry("kiln.bundle", f.dir.resolve("gbm.kiln").toAbsolutePath().toString())
          .containsEntry("kiln.ci.level", "0.95");
      assertThat(run.inputs()).hasSize(1);
      assertThat(run.inputs().get(0).dataset().digest()).startsWith("sha256:");
      try (Predictor p = Predictor.load(f.dir.resolve("gbm.kiln"))) {
        // the bundle names its run, and the run its dataset
        assertThat(p.manifest().provenance().runId()).isEqualTo(gbm);
        assertThat(run.inputs().get(0).dataset().digest())
            .isEqualTo(p.manifest().provenance().datasetDigest());
        assertThat(auc)
            .isEqualTo(p.manifest().metrics().get("values").get("auc_roc").get("value").asDouble());
      }
      var artifacts = s.tracking().listArtifacts(gbm, "");
      assertThat(artifacts).extracting(a -> a.path()).containsExactly("model.kiln");
      try (Bundle b = Bundle.open(s.artifacts().localFile(artifacts.get(0).digest()))) {
        assertThat(b.manifest().provenance().runId()).isEqualTo(gbm);
      }
    }

    CliRun list =
        f.run(
            "runs",
            "list",
            "--experiment",
            "fraud",
            "--filter",
            "metrics.auc_roc > 0.5 and params.learner = 'lightgbm'",
            "--order-by",
            "metrics.auc_roc DESC");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out())
        .contains(gbm)
        .doesNotContain(lr)
        .contains("auc_roc")
        .contains("FINISHED");
    CliRun all = f.run("runs", "list", "--max", "1");
    assertThat(all.out()).contains(lr).doesNotContain(gbm).contains("more with --max");

    CliRun show = f.run("runs", "show", gbm.substring(0, 8));
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out())
        .contains("run " + gbm + "  gbm")
        .contains("experiment  fraud")
        .containsPattern("auc_roc +0\\.[0-9]{4} \\[0\\.[0-9]{4}, 0\\.[0-9]{4}\\]")
        .doesNotContain("auc_roc_lower")
        .contains("num_iterations")
        .contains("payments.csv  sha256:")
        .contains("model.kiln  sha256:");

    CliRun compare = f.run("runs", "compare", "gbm", "lr");
    assertThat(compare.exit()).as(compare.err()).isZero();
    assertThat(compare.out())
        .containsPattern("(?m)^\\*\\s+learner\\s+lightgbm\\s+logistic")
        .containsPattern("(?m)^\\s+target\\s+is_fraud\\s+is_fraud")
        .containsPattern("(?m)^\\*\\s+auc_roc\\s+0\\.[0-9]{4} \\[");

    CliRun reg =
        f.run(
            "models",
            "register",
            "fraud",
            "--run",
            gbm,
            "--alias",
            "champion",
            "--who",
            "alice",
            "--why",
            "first model");
    assertThat(reg.exit()).as(reg.err()).isZero();
    assertThat(reg.out()).contains("registered fraud/1").contains("champion -> 1");
    CliRun fromFile =
        f.run("models", "register", "fraud", "--bundle", f.dir.resolve("lr.kiln").toString());
    assertThat(fromFile.exit()).as(fromFile.err()).isZero();
    assertThat(fromFile.out()).contains("registered fraud/2").contains("run " + lr);

    CliRun champion = f.run("models", "show", "fraud@champion");
    assertThat(champion.exit()).as(champion.err()).isZero();
    assertThat(champion.out())
        .contains("model fraud version 1")
        .contains("run          " + gbm + " (gbm, FINISHED)")
        .containsPattern("dataset +sha256:[0-9a-f]{64} ")
        .contains("code commit");

    CliRun moved =
        f.run("models", "alias", "fraud", "champion", "2", "--who", "bob", "--why", "better");
    assertThat(moved.exit()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("fraud@champion -> 2 (was 1)");
    assertThat(f.run("models", "tag", "fraud/2", "stage=prod").exit()).isZero();
    assertThat(f.run("models", "tag", "fraud", "team=risk").exit()).isZero();

    CliRun model = f.run("models", "show", "fraud");
    assertThat(model.out())
        .contains("aliases      champion=2")
        .contains("tags         team=risk")
        .containsPattern("(?m)^ +2 +champion ")
        .containsPattern("(?m)^ +1 +[0-9]{4}-");
    CliRun audit = f.run("models", "audit", "fraud");
    assertThat(audit.out())
        .containsPattern("alice +CREATE_MODEL_VERSION +1 .*first model")
        .containsPattern("bob +SET_ALIAS +2 +champion: 1 -> 2 +better");
    assertThat(f.run("models", "list").out()).containsPattern("(?m)^fraud +2 +champion=2 ");

    try (Store s = Store.builder().url(f.store).artifacts(f.dir.resolve("artifacts")).open()) {
      RegisteredBundle b = RegisteredBundle.resolve(s, "fraud@champion");
      ModelVersion v = b.version();
      assertThat(v.version()).isEqualTo(2);
      try (Predictor p = Predictor.load(b.bundle())) {
        assertThat(p.manifest().provenance().runId()).isEqualTo(lr);
      }
      assertThat(RegisteredBundle.resolve(s, "fraud/1").version().runId()).isEqualTo(gbm);
    }

    CliRun gone = f.run("runs", "delete", "lr");
    assertThat(gone.out()).contains("deleted run " + lr);
    assertThat(f.run("runs", "list").out()).contains(gbm).doesNotContain(lr);
    assertThat(f.run("runs", "list", "--deleted").out()).contains(lr);
  }
}
