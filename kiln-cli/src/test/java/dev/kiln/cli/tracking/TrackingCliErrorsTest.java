package dev.kiln.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.CliRun;
import dev.kiln.store.Run;
import dev.kiln.store.RunSearch;
import dev.kiln.store.RunStatus;
import dev.kiln.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to the tracking and registry commands: one line on stderr, exit code 2. */
class TrackingCliErrorsTest {
  @TempDir static Path dir;
  static TrackingFlow flow;
  static String runId;

  @BeforeAll
  static void oneRunAndOneModel() {
    flow = new TrackingFlow(dir, "sqlite:" + dir.resolve("kiln.db"));
    runId = flow.train("logistic", "only");
    CliRun r = flow.run("models", "register", "fraud", "--run", runId, "--alias", "champion");
    assertThat(r.exit()).as(r.err()).isZero();
  }

  static void refused(CliRun r, String message) {
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
    assertThat(r.err()).contains(message).doesNotContain("\tat ");
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void refusesUnknownRunsExperimentsModelsVersionsAndAliases() {
    refused(flow.run("runs", "show", "nosuchrun"), "No run with id, id prefix or name 'nosuchrun'");
    refused(
        flow.run("runs", "show", "0123456789abcdef0123456789abcdef"),
        "0123456789abcdef0123456789abcdef");
    refused(flow.run("runs", "list", "--experiment", "nope"), "No experiment named 'nope'");
    refused(flow.run("experiments", "rename", "nope", "x"), "No experiment named 'nope'");
    refused(flow.run("models", "show", "nomodel"), "nomodel");
    refused(flow.run("models", "show", "fraud/7"), "7");
    refused(flow.run("models", "show", "fraud@challenger"), "challenger");
    refused(flow.run("models", "alias", "fraud", "champion", "9"), "9");
    refused(flow.run("models", "audit", "nomodel"), "nomodel");
  }

  @Test
  void refusesDuplicateNamesAndBadReferences() {
    assertThat(flow.run("experiments", "create", "dup").exit()).isZero();
    refused(flow.run("experiments", "create", "dup"), "dup");
    refused(flow.run("models", "show", "fraud/0"), "version");
    refused(flow.run("models", "tag", "fraud", "novalue"), "'novalue' is not KEY=VALUE");
    refused(
        flow.run("models", "alias", "fraud", "champion"),
        "kiln models alias needs NAME ALIAS VERSION");
  }

  @Test
  void refusesAMalformedFilterNamingThePosition() {
    CliRun r = flow.run("runs", "list", "--filter", "metrics.auc_roc > 0.8 adn params.x = 'y'");
    refused(r, "Unexpected token 'adn' at position");
  }

  @Test
  void refusesAnUnknownStoreSchemeAndAnUnreachableServer() {
    refused(
        CliRun.of("runs", "list", "--store", "mysqll://h/db"),
        "Unknown store scheme 'mysqll'. Known schemes: sqlite, postgresql.");
    long start = System.nanoTime();
    CliRun r = CliRun.of("runs", "list", "--store", "postgresql://kiln:secret@127.0.0.1:1/kiln");
    refused(r, "Cannot connect to the store at postgresql://kiln:***@127.0.0.1:1/kiln");
    assertThat(r.err()).doesNotContain("secret");
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    // kiln train checks the store before it trains
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            flow.data.toString(),
            "--target",
            "is_fraud",
            "--out",
            dir.resolve("x.kiln").toString(),
            "--store",
            "mysqll://h/db");
    refused(train, "Unknown store scheme 'mysqll'");
    assertThat(dir.resolve("x.kiln")).doesNotExist();
  }

  @Test
  void refusesATamperedBundleAndRegistersNothing() throws Exception {
    Path bundle = dir.resolve("tampered");
    CliRun t =
        flow.run(
            "train",
            "--data",
            flow.data.toString(),
            "--target",
            "is_fraud",
            "--learner",
            "logistic",
            "--resamples",
            "50",
            "--no-track",
            "--out",
            bundle.toString());
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).doesNotContain("recorded run");
    Path model;
    try (var files = Files.list(bundle)) {
      model = files.filter(f -> f.getFileName().toString().startsWith("model.")).findFirst().get();
    }
    Files.writeString(model, "\n", java.nio.file.StandardOpenOption.APPEND);
    refused(flow.run("models", "register", "tampered", "--bundle", bundle.toString()), "model.");
    refused(flow.run("models", "show", "tampered"), "tampered");
  }

  @Test
  void aRunOfAFailedTrainingIsMarkedFailedAndTheErrorPrinted() throws Exception {
    CliRun r =
        flow.run(
            "train",
            "--data",
            flow.data.toString(),
            "--target",
            "no_such_column",
            "--experiment",
            "failing",
            "--out",
            dir.resolve("never.kiln").toString());
    refused(r, "no_such_column");
    try (Store s = Store.builder().url(flow.store).artifacts(dir.resolve("artifacts")).open()) {
      String exp = s.tracking().getExperimentByName("failing").id();
      List<Run> runs = s.tracking().searchRuns(RunSearch.in(exp)).items();
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).info().status()).isEqualTo(RunStatus.FAILED);
      assertThat(runs.get(0).info().endTime()).isNotNull();
      assertThat(runs.get(0).tags().get("kiln.error")).contains("no_such_column");
    }
  }

  @Test
  void registeringARunWithoutABundleSaysWhatToDo() {
    flow.run(
        "train",
        "--data",
        flow.data.toString(),
        "--target",
        "nope",
        "--experiment",
        "no-bundle",
        "--run-name",
        "no-bundle-run",
        "--out",
        dir.resolve("never.kiln").toString());
    refused(
        flow.run("models", "register", "x", "--run", "no-bundle-run"),
        "(no-bundle-run) has no bundle artifact 'model.kiln'");
    refused(flow.run("models", "show", "x"), "x");
  }
}
