package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every store backend must have (as MLflow's AbstractStoreTest): each backend's test
 * class opens a fresh, empty store.
 */
abstract class StoreContractTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  static final Change ALICE = Change.by("alice").because("test");

  Store store;
  TrackingStore tracking;
  RegistryStore registry;

  /** A fresh, empty store of this backend. */
  abstract Store openStore() throws Exception;

  /** A JDBC URL (with credentials) of the database {@link #openStore} opened. */
  abstract String jdbcUrl();

  @BeforeEach
  void open() throws Exception {
    store = openStore();
    tracking = store.tracking();
    registry = store.registry();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static void assertError(ThrowingCallable call, ErrorCode code, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(message)
        .extracting(e -> ((StoreException) e).code())
        .isEqualTo(code);
  }

  // ---- experiments

  @Test
  void hasTheDefaultExperimentWithIdZero() {
    assertThat(tracking.getExperiment("0").name()).isEqualTo("Default");
  }

  @Test
  void createsGetsRenamesAndFindsExperimentsByName() {
    String id = tracking.createExperiment("churn", null, Map.of("team", "risk"));
    Experiment e = tracking.getExperiment(id);
    assertThat(e.name()).isEqualTo("churn");
    assertThat(e.tags()).containsEntry("team", "risk");
    assertThat(e.lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertThat(e.creationTime()).isEqualTo(CLOCK.millis());
    tracking.renameExperiment(id, "churn-v2");
    assertThat(tracking.getExperimentByName("churn-v2").id()).isEqualTo(id);
    assertError(
        () -> tracking.getExperimentByName("churn"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No experiment named 'churn'.");
  }

  @Test
  void refusesADuplicateExperimentNameAlsoByRenaming() {
    tracking.createExperiment("a", null, Map.of());
    String b = tracking.createExperiment("b", null, Map.of());
    assertError(
        () -> tracking.createExperiment("a", null, Map.of()),
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "An experiment named 'a' already exists.");
    assertError(
        () -> tracking.renameExperiment(b, "a"),
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "An experiment named 'a' already exists.");
  }

  @Test
  void deletesAndRestoresAnExperimentWithItsRuns() {
    String id = tracking.createExperiment("x", null, Map.of());
    Run run = tracking.createRun(NewRun.in(id));
    tracking.deleteExperiment(id);
    assertThat(tracking.getExperiment(id).lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(tracking.getRun(run.id()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertThat(tracking.searchExperiments(null, ViewType.ACTIVE_ONLY, List.of(), 100, null).items())
        .extracting(Experiment::name)
        .containsExactly("Default");
    assertThat(
            tracking.searchExperiments(null, ViewType.DELETED_ONLY, List.of(), 100, null).items())
        .extracting(Experiment::name)
        .containsExactly("x");
    assertError(
        () -> tracking.createRun(NewRun.in(id)),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Experiment 'x' (id " + id + ") is deleted; restore it first.");
    tracking.restoreExperiment(id);
    assertThat(tracking.getRun(run.id()).info().lifecycleStage()).isEqualTo(LifecycleStage.ACTIVE);
    assertError(
        () -> tracking.restoreExperiment(id),
        ErrorCode.INVALID_STATE,
        "Experiment 'x' (id " + id + ") is already active.");
  }

  @Test
  void searchesExperimentsByNameAndTagWithPaging() {
    for (int i = 0; i < 5; i++) {
      tracking.createExperiment("exp-" + i, null, Map.of("team", i % 2 == 0 ? "risk" : "growth"));
    }
    Page<Experiment> risk =
        tracking.searchExperiments(
            "name LIKE 'exp-%' and tags.team = 'risk'",
            ViewType.ACTIVE_ONLY, List.of("name DESC"), 2, null);
    assertThat(risk.items()).extracting(Experiment::name).containsExactly("exp-4", "exp-2");
    Page<Experiment> next =
        tracking.searchExperiments(
            "name LIKE 'exp-%' and tags.team = 'risk'",
            ViewType.ACTIVE_ONLY, List.of("name DESC"), 2, risk.nextPageToken());
    assertThat(next.items()).extracting(Experiment::name).containsExactly("exp-0");
    assertThat(next.nextPageToken()).isNull();
  }

  @Test
  void reportsUnknownExperimentIds() {
    assertError(
        () -> tracking.getExperiment("999"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No experiment with id '999'.");
    assertError(
        () -> tracking.getExperiment("abc"),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Experiment ids are numbers but 'abc' is not.");
  }

  // ---- runs

  @Test
  void runGoesFromRunningToFinishedAndCanBeDeletedAndRestored() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp).named("first").by("bob").startedAt(1000));
    assertThat(run.info().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(run.info().runName()).isEqualTo("first");
    assertThat(run.info().userId()).isEqualTo("bob");
    assertThat(run.info().startTime()).isEqualTo(1000);
    assertThat(run.info().endTime()).isNull();
    assertThat(run.tags()).containsEntry("mlflow.runName", "first");
    RunInfo done = tracking.updateRun(run.id(), RunStatus.FINISHED, 2000L, null);
    assertThat(done.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(done.endTime()).isEqualTo(2000L);
    tracking.deleteRun(run.id());
    assertThat(tracking.getRun(run.id()).info().lifecycleStage()).isEqualTo(LifecycleStage.DELETED);
    assertError(
        () -> tracking.logMetric(run.id(), new Metric("m", 1, 1, 0)),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "must be in the 'active' state; it is deleted");
    tracking.restoreRun(run.id());
    tracking.logMetric(run.id(), new Metric("m", 1, 1, 0));
    assertThat(tracking.getRun(run.id()).metrics()).containsKey("m");
  }

  @Test
  void paramsCannotChangeOnceLogged() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    tracking.logParam(run.id(), new Param("lr", "0.1"));
    tracking.logParam(run.id(), new Param("lr", "0.1"));
    assertError(
        () -> tracking.logParam(run.id(), new Param("lr", "0.2")),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Changing param values is not allowed. Param 'lr' was already logged with value '0.1'"
            + " for run '"
            + run.id()
            + "'; the new value '0.2' is refused.");
    assertThat(tracking.getRun(run.id()).params()).containsExactly(Map.entry("lr", "0.1"));
  }

  @Test
  void aBatchIsAllOrNothing() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    tracking.logParam(run.id(), new Param("depth", "6"));
    assertError(
        () ->
            tracking.logBatch(
                run.id(),
                List.of(new Metric("auc", 0.9, 1, 0)),
                List.of(new Param("depth", "7")),
                List.of(new Tag("t", "v"))),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Param 'depth' was already logged");
    Run after = tracking.getRun(run.id());
    assertThat(after.metrics()).isEmpty();
    assertThat(after.tags()).doesNotContainKey("t");
  }

  @Test
  void keepsTheFullMetricHistoryAndTheLatestValueByStep() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    tracking.logMetric(run.id(), new Metric("loss", 0.5, 100, 2));
    tracking.logMetric(run.id(), new Metric("loss", 0.9, 300, 0));
    tracking.logMetric(run.id(), new Metric("loss", 0.7, 200, 1));
    tracking.logMetric(run.id(), new Metric("loss", 0.7, 200, 1)); // a retry: stored once
    assertThat(tracking.metricHistory(run.id(), "loss"))
        .containsExactly(
            new Metric("loss", 0.9, 300, 0),
            new Metric("loss", 0.7, 200, 1),
            new Metric("loss", 0.5, 100, 2));
    assertThat(tracking.getRun(run.id()).metrics().get("loss"))
        .isEqualTo(new Metric("loss", 0.5, 100, 2));
    assertThat(tracking.metricHistory(run.id(), "other")).isEmpty();
  }

  @Test
  void aBatchWithManyValuesOfOneKeyKeepsThemAllAndTheLatestByStep() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    tracking.logMetric(run.id(), new Metric("loss", 0.1, 50, 5));
    tracking.logBatch(
        run.id(),
        List.of(
            new Metric("loss", 0.9, 100, 0),
            new Metric("loss", 0.4, 300, 7),
            new Metric("loss", 0.6, 200, 7),
            new Metric("loss", 0.6, 200, 7),
            new Metric("acc", 0.5, 100, 0)),
        List.of(),
        List.of());
    assertThat(tracking.metricHistory(run.id(), "loss")).hasSize(4);
    assertThat(tracking.getRun(run.id()).metrics())
        .containsEntry("loss", new Metric("loss", 0.4, 300, 7))
        .containsEntry("acc", new Metric("acc", 0.5, 100, 0));
    tracking.logBatch(run.id(), List.of(new Metric("loss", 0.0, 10, 6)), List.of(), List.of());
    assertThat(tracking.getRun(run.id()).metrics().get("loss").step()).isEqualTo(7);
  }

  @Test
  void acceptsNanAndInfinityMetricsAndReadsThemBack() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    tracking.logBatch(
        run.id(),
        List.of(
            new Metric("nan", Double.NaN, 1, 0),
            new Metric("pinf", Double.POSITIVE_INFINITY, 1, 0),
            new Metric("ninf", Double.NEGATIVE_INFINITY, 1, 0)),
        List.of(),
        List.of());
    Map<String, Metric> m = tracking.getRun(run.id()).metrics();
    assertThat(m.get("nan").value()).isNaN();
    assertThat(m.get("pinf").value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(m.get("ninf").value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(tracking.metricHistory(run.id(), "nan").get(0).value()).isNaN();
    // a NaN satisfies no comparison; infinity compares as the largest number
    assertThat(tracking.searchRuns(RunSearch.in(exp).filter("metrics.nan >= 0")).items()).isEmpty();
    assertThat(tracking.searchRuns(RunSearch.in(exp).filter("metrics.nan < 0")).items()).isEmpty();
    assertThat(tracking.searchRuns(RunSearch.in(exp).filter("metrics.pinf > 1e300")).items())
        .hasSize(1);
  }

  @Test
  void setsAndDeletesTags() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp).tag("team", "risk"));
    tracking.setTag(run.id(), new Tag("team", "growth"));
    assertThat(tracking.getRun(run.id()).tags()).containsEntry("team", "growth");
    tracking.deleteTag(run.id(), "team");
    assertThat(tracking.getRun(run.id()).tags()).doesNotContainKey("team");
    assertError(
        () -> tracking.deleteTag(run.id(), "team"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No tag 'team' on run '" + run.id() + "'.");
  }

  @Test
  void nestsRunsUnderAParent() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run parent = tracking.createRun(NewRun.in(exp).named("cv"));
    Run fold = tracking.createRun(NewRun.in(exp).named("fold-1").childOf(parent.id()));
    assertThat(fold.info().parentRunId()).isEqualTo(parent.id());
    assertThat(fold.tags()).containsEntry("mlflow.parentRunId", parent.id());
    assertThat(
            tracking
                .searchRuns(
                    RunSearch.in(exp).filter("tags.mlflow.parentRunId = '" + parent.id() + "'"))
                .items())
        .extracting(Run::id)
        .containsExactly(fold.id());
    assertError(
        () -> tracking.createRun(NewRun.in(exp).childOf("nope")),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No run with id 'nope'.");
  }

  @Test
  void recordsDatasetInputsOncePerDigest() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    Dataset d = new Dataset("churn", "sha256:abc", "local", "data/churn.csv", "{}", null);
    tracking.logInputs(run.id(), List.of(DatasetInput.of(d, "training")));
    tracking.logInputs(run.id(), List.of(DatasetInput.of(d, "training")));
    assertThat(tracking.getRun(run.id()).inputs())
        .containsExactly(new DatasetInput(d, Map.of(DatasetInput.CONTEXT, "training")));
    assertThat(
            tracking
                .searchRuns(
                    RunSearch.in(exp)
                        .filter("datasets.digest = 'sha256:abc' and datasets.context = 'training'"))
                .items())
        .hasSize(1);
  }

  @Test
  void reportsUnknownRuns() {
    assertError(
        () -> tracking.getRun("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "No run with id 'nope'.");
    assertError(
        () -> tracking.metricHistory("nope", "m"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No run with id 'nope'.");
    assertError(
        () -> tracking.createRun(NewRun.in("12345")),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No experiment with id '12345'.");
  }

  // ---- search

  private List<Run> manyRuns(String exp) {
    List<Run> runs = new ArrayList<>();
    String[] learners = {"lightgbm", "xgboost", "linear"};
    for (int i = 0; i < 9; i++) {
      Run r = tracking.createRun(NewRun.in(exp).named("run-" + i).startedAt(1000 + i));
      tracking.logBatch(
          r.id(),
          List.of(new Metric("auc", 0.5 + i * 0.05, 1, 0), new Metric("my key", i, 1, 0)),
          List.of(new Param("learner", learners[i % 3])),
          List.of(new Tag("team", i < 5 ? "risk" : "Growth")));
      runs.add(r);
    }
    return runs;
  }

  private List<String> names(RunSearch s) {
    return tracking.searchRuns(s).items().stream().map(r -> r.info().runName()).toList();
  }

  @Test
  void searchesRunsWithMlflowFilters() {
    String exp = tracking.createExperiment("e", null, Map.of());
    manyRuns(exp);
    tracking.updateRun(
        tracking.searchRuns(RunSearch.in(exp).filter("run_name = 'run-0'")).items().get(0).id(),
        RunStatus.FINISHED,
        5L,
        null);
    assertThat(
            names(
                RunSearch.in(exp)
                    .filter(
                        "metrics.auc > 0.6 and params.learner = 'lightgbm' and tags.team = 'risk'")))
        .containsExactly("run-3");
    assertThat(names(RunSearch.in(exp).filter("attributes.status = 'FINISHED'")))
        .containsExactly("run-0");
    assertThat(names(RunSearch.in(exp).filter("run_name LIKE '%-8'"))).containsExactly("run-8");
    assertThat(names(RunSearch.in(exp).filter("tags.team LIKE 'growth'"))).isEmpty();
    assertThat(names(RunSearch.in(exp).filter("tags.team ILIKE 'growth'"))).hasSize(4);
    assertThat(names(RunSearch.in(exp).filter("params.learner IN ('linear', 'xgboost')")))
        .hasSize(6);
    assertThat(names(RunSearch.in(exp).filter("params.learner NOT IN ('linear', 'xgboost')")))
        .hasSize(3);
    assertThat(names(RunSearch.in(exp).filter("params.learner != 'linear'"))).hasSize(6);
    assertThat(names(RunSearch.in(exp).filter("metrics.`my key` <= 1")))
        .containsExactly("run-1", "run-0");
    assertThat(names(RunSearch.in(exp).filter("metrics.auc >= 0.9 and metrics.auc < 0.92")))
        .containsExactly("run-8");
    assertThat(names(RunSearch.in(exp).filter("attributes.start_time > 1006")))
        .containsExactly("run-8", "run-7");
  }

  @Test
  void ordersRunsAndPagesThroughThem() {
    String exp = tracking.createExperiment("e", null, Map.of());
    manyRuns(exp);
    tracking.createRun(NewRun.in(exp).named("no-metric").startedAt(5000));
    assertThat(names(RunSearch.in(exp).orderBy("metrics.auc DESC").maxResults(3)))
        .containsExactly("run-8", "run-7", "run-6");
    // runs without the metric come last in both directions
    assertThat(names(RunSearch.in(exp).orderBy("metrics.auc ASC")))
        .startsWith("run-0", "run-1")
        .endsWith("no-metric");
    assertThat(names(RunSearch.in(exp).orderBy("attributes.start_time")))
        .startsWith("run-0")
        .endsWith("no-metric");
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      Page<Run> page =
          tracking.searchRuns(
              RunSearch.in(exp)
                  .orderBy("params.learner", "run_name DESC")
                  .maxResults(4)
                  .pageToken(token));
      page.items().forEach(r -> seen.add(r.info().runName()));
      token = page.nextPageToken();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(3);
    assertThat(seen)
        .containsExactly(
            // lightgbm < linear < xgboost, then names descending; no param sorts last
            "run-6",
            "run-3",
            "run-0",
            "run-8",
            "run-5",
            "run-2",
            "run-7",
            "run-4",
            "run-1",
            "no-metric");
  }

  @Test
  void rejectsMalformedFiltersNamingThePosition() {
    String exp = tracking.createExperiment("e", null, Map.of());
    assertError(
        () -> tracking.searchRuns(RunSearch.in(exp).filter("metrics.auc > 0.8 adn params.x = 'y'")),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Unexpected token 'adn' at position 19 of the filter \"metrics.auc > 0.8 adn params.x ="
            + " 'y'\": expected AND or the end of the filter");
    assertError(
        () -> tracking.searchRuns(RunSearch.in(exp).filter("metrics.auc > 'high'")),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "The metric 'auc' at position 1 is compared with 'high'");
    assertError(
        () -> tracking.searchRuns(RunSearch.in(exp).filter("params.x = 3")),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "compared with the number 3.0; param values are strings: quote it");
    assertError(
        () -> tracking.searchRuns(RunSearch.in(exp).pageToken("garbage")),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid page token 'garbage'");
  }

  @Test
  void filterValuesAreBoundNotSpliced() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp).named("x"));
    tracking.setTag(run.id(), new Tag("note", "it's"));
    String evil = "'' OR 1=1; DROP TABLE runs; --";
    assertThat(names(RunSearch.in(exp).filter("tags.note = '" + evil.replace("'", "''") + "'")))
        .isEmpty();
    assertThat(names(RunSearch.in(exp).filter("tags.`x' OR '1'='1` = 'a'"))).isEmpty();
    assertThat(names(RunSearch.in(exp).filter("tags.note = 'it''s'"))).containsExactly("x");
    assertThat(tracking.getRun(run.id()).info().runName()).isEqualTo("x");
  }

  // ---- artifacts

  @Test
  void mapsRunPathsToContentDigests() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp));
    String digest =
        store.artifacts().put(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
    tracking.logArtifact(run.id(), new RunArtifact("plots/roc.png", digest, 5));
    tracking.logArtifact(run.id(), new RunArtifact("model/bundle.kiln", digest, 5));
    assertThat(tracking.listArtifacts(run.id(), "plots/"))
        .containsExactly(new RunArtifact("plots/roc.png", digest, 5));
    assertThat(tracking.listArtifacts(run.id(), "")).hasSize(2);
    assertError(
        () -> tracking.logArtifact(run.id(), new RunArtifact("../etc/passwd", digest, 5)),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "An artifact path is relative and stays inside the run");
  }

  // ---- registry

  private String bundle(String content) {
    return store
        .artifacts()
        .put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void registersVersionsInOrderWithLineage() {
    String exp = tracking.createExperiment("e", null, Map.of());
    Run run = tracking.createRun(NewRun.in(exp).tag(Lineage.GIT_COMMIT, "abc123"));
    Dataset d = new Dataset("churn", "sha256:dd", "local", "churn.csv", null, null);
    tracking.logInputs(run.id(), List.of(DatasetInput.of(d, "training")));
    registry.createRegisteredModel("churn", "first model", ALICE);
    ModelVersion v1 =
        registry.createModelVersion(
            NewModelVersion.of("churn", "runs:/" + run.id() + "/model", run.id(), bundle("b1")),
            ALICE);
    ModelVersion v2 =
        registry.createModelVersion(NewModelVersion.of("churn", "elsewhere", null, null), ALICE);
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v1.status()).isEqualTo(ModelVersionStatus.READY);
    assertThat(v1.userId()).isEqualTo("alice");
    assertThat(registry.getRegisteredModel("churn").latestVersion()).isEqualTo(2);
    assertThat(registry.modelVersions("churn"))
        .extracting(ModelVersion::version)
        .containsExactly(2, 1);
    assertThat(registry.modelVersionsOfRun(run.id()))
        .extracting(ModelVersion::version)
        .containsExactly(1);
    Lineage lineage = registry.lineage("churn", 1);
    assertThat(lineage.run().id()).isEqualTo(run.id());
    assertThat(lineage.datasets())
        .extracting(i -> i.dataset().digest())
        .containsExactly("sha256:dd");
    assertThat(lineage.codeCommit()).isEqualTo("abc123");
  }

  @Test
  void refusesAVersionWhoseBundleIsNotStoredOrWhoseModelOrRunIsUnknown() {
    registry.createRegisteredModel("m", null, ALICE);
    String missing = "sha256:" + "0".repeat(64);
    assertError(
        () -> registry.createModelVersion(NewModelVersion.of("m", "s", null, missing), ALICE),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "The bundle " + missing + " is not in the artifact store");
    assertError(
        () -> registry.createModelVersion(NewModelVersion.of("nope", "s", null, null), ALICE),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No registered model named 'nope'.");
    assertError(
        () -> registry.createModelVersion(NewModelVersion.of("m", "s", "norun", null), ALICE),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No run with id 'norun' to register model 'm' from.");
    assertThat(registry.modelVersions("m")).isEmpty();
    assertError(
        () -> registry.createRegisteredModel("m", null, ALICE),
        ErrorCode.RESOURCE_ALREADY_EXISTS,
        "A registered model named 'm' already exists.");
    assertError(
        () -> registry.getModelVersion("m", 7),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Registered model 'm' has no version 7.");
  }

  @Test
  void aliasesMoveBetweenVersionsAndAreAudited() {
    registry.createRegisteredModel("m", null, ALICE);
    registry.createModelVersion(NewModelVersion.of("m", "s1", null, null), ALICE);
    registry.createModelVersion(NewModelVersion.of("m", "s2", null, null), ALICE);
    registry.setAlias("m", "champion", 1, ALICE);
    registry.setAlias("m", "champion", 2, Change.by("bob").because("better auc"));
    assertThat(registry.getModelVersionByAlias("m", "champion").version()).isEqualTo(2);
    assertThat(registry.getModelVersion("m", 2).aliases()).containsExactly("champion");
    assertThat(registry.getModelVersion("m", 1).aliases()).isEmpty();
    assertThat(registry.getRegisteredModel("m").aliases())
        .containsExactly(Map.entry("champion", 2));
    assertError(
        () -> registry.setAlias("m", "champion", 9, ALICE),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Registered model 'm' has no version 9.");
    assertError(
        () -> registry.setAlias("m", "latest", 1, ALICE),
        ErrorCode.INVALID_PARAMETER_VALUE,
        "The alias 'latest' is reserved");
    registry.deleteAlias("m", "champion", ALICE);
    assertError(
        () -> registry.getModelVersionByAlias("m", "champion"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "Registered model 'm' has no alias 'champion'.");
    List<AuditEntry> audit = registry.audit("m");
    assertThat(audit)
        .extracting(AuditEntry::action)
        .containsExactly(
            "CREATE_MODEL",
            "CREATE_MODEL_VERSION",
            "CREATE_MODEL_VERSION",
            "SET_ALIAS",
            "SET_ALIAS",
            "DELETE_ALIAS");
    AuditEntry moved = audit.get(4);
    assertThat(moved.who()).isEqualTo("bob");
    assertThat(moved.why()).isEqualTo("better auc");
    assertThat(moved.detail()).isEqualTo("champion: 1 -> 2");
    assertThat(moved.at()).isEqualTo(CLOCK.millis());
  }

  @Test
  void tagsDescriptionsRenamesAndDeletesAreAuditedAndTheTrailOutlivesTheModel() {
    registry.createRegisteredModel("m", null, ALICE);
    registry.createModelVersion(NewModelVersion.of("m", "s1", null, null), ALICE);
    registry.setRegisteredModelTag("m", new Tag("owner", "risk"), ALICE);
    registry.setModelVersionTag("m", 1, new Tag("validated", "yes"), ALICE);
    registry.updateRegisteredModel("m", "churn model", ALICE);
    registry.updateModelVersion("m", 1, "first", ALICE);
    registry.setAlias("m", "champion", 1, ALICE);
    RegisteredModel renamed = registry.renameRegisteredModel("m", "churn", ALICE);
    assertThat(renamed.tags()).containsEntry("owner", "risk");
    assertThat(renamed.description()).isEqualTo("churn model");
    ModelVersion v = registry.getModelVersionByAlias("churn", "champion");
    assertThat(v.tags()).containsEntry("validated", "yes");
    assertThat(v.description()).isEqualTo("first");
    registry.deleteModelVersionTag("churn", 1, "validated", ALICE);
    registry.deleteRegisteredModelTag("churn", "owner", ALICE);
    registry.deleteModelVersion("churn", 1, ALICE);
    registry.deleteRegisteredModel("churn", ALICE);
    assertError(
        () -> registry.getRegisteredModel("churn"),
        ErrorCode.RESOURCE_DOES_NOT_EXIST,
        "No registered model named 'churn'.");
    assertThat(registry.audit("churn"))
        .extracting(AuditEntry::action)
        .containsExactly(
            "RENAME_MODEL",
            "DELETE_VERSION_TAG",
            "DELETE_MODEL_TAG",
            "DELETE_MODEL_VERSION",
            "DELETE_MODEL");
    assertThat(registry.audit("m")).hasSize(7);
    assertThat(registry.searchRegisteredModels("name LIKE 'ch%'", 10, null).items()).isEmpty();
  }

  @Test
  void searchesRegisteredModelsByNameWithPaging() {
    for (String n : List.of("churn-a", "churn-b", "fraud")) {
      registry.createRegisteredModel(n, null, ALICE);
    }
    Page<RegisteredModel> first = registry.searchRegisteredModels("name LIKE 'churn%'", 1, null);
    assertThat(first.items()).extracting(RegisteredModel::name).containsExactly("churn-a");
    assertThat(
            registry.searchRegisteredModels("name LIKE 'churn%'", 1, first.nextPageToken()).items())
        .extracting(RegisteredModel::name)
        .containsExactly("churn-b");
    assertThat(registry.searchRegisteredModels("name ILIKE 'FRAUD'", 10, null).items()).hasSize(1);
  }

  @Test
  void auditRowsCannotBeChangedOrDeleted() throws Exception {
    registry.createRegisteredModel("m", null, ALICE);
    try (var c = java.sql.DriverManager.getConnection(jdbcUrl());
        var s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_log SET who = 'mallory'"))
          .hasMessageContaining("audit_log is append-only");
      assertThatThrownBy(() -> s.executeUpdate("DELETE FROM audit_log"))
          .hasMessageContaining("audit_log is append-only");
    }
    assertThat(registry.audit("m")).extracting(AuditEntry::who).containsExactly("alice");
  }

  @Test
  void concurrentCreatesOfOneNameLeaveOneWinnerAndClearErrorsForTheRest() throws Exception {
    int threads = 6;
    var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      var start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  try {
                    tracking.createExperiment("same", null, Map.of());
                    registry.createRegisteredModel("same", null, ALICE);
                    return "created";
                  } catch (StoreException e) {
                    return e.code() + ": " + e.getMessage();
                  }
                }));
      }
      start.countDown();
      List<String> outcomes = new ArrayList<>();
      for (var f : results) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).filteredOn("created"::equals).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> !o.equals("created"))
          .allMatch(
              o -> o.equals("RESOURCE_ALREADY_EXISTS: An experiment named 'same' already exists."),
              "a clear duplicate error");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void searchesDeletedRunsOnlyWhenAsked() {
    String exp = tracking.createExperiment("e", null, Map.of());
    tracking.setExperimentTag(exp, "owner", "risk");
    assertThat(tracking.getExperiment(exp).tags()).containsEntry("owner", "risk");
    Run kept = tracking.createRun(NewRun.in(exp).named("kept"));
    Run gone = tracking.createRun(NewRun.in(exp).named("gone"));
    tracking.deleteRun(gone.id());
    assertThat(names(RunSearch.in(exp))).containsExactly("kept");
    assertThat(names(RunSearch.in(exp).view(ViewType.DELETED_ONLY))).containsExactly("gone");
    assertThat(names(RunSearch.in(exp).view(ViewType.ALL))).hasSize(2);
    assertThat(kept.info().artifactUri()).endsWith("/" + kept.id() + "/artifacts");
  }

  @Test
  void aRegistryChangeNeedsToSayWhoMakesIt() {
    assertThatThrownBy(() -> Change.by(" "))
        .hasMessage("A registry change must say who makes it (a user name).");
  }
}
