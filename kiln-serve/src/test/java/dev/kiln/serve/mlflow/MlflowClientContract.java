package dev.kiln.serve.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.ModelRegistry;
import org.mlflow.api.proto.Service;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.RunsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;
import org.mlflow_project.google.protobuf.Message;
import org.mlflow_project.google.protobuf.util.JsonFormat;

/**
 * Kiln's MLflow REST API driven by MLflow's own Java client ({@code org.mlflow:mlflow-client}) over
 * a real socket, against a real store; run on SQLite and PostgreSQL by the subclasses.
 *
 * <p>The client has methods for tracking and for reading the registry; registry changes (create
 * model/version, aliases) it leaves to {@code sendPost}/{@code sendGet} with the JSON of its own
 * protobuf request messages, which is what these tests send. Its artifact methods shell out to the
 * Python {@code mlflow} command, which is not installed here, so artifacts travel over MLflow's
 * artifact-proxy HTTP protocol, to the path the client's {@code artifact_uri} names.
 */
abstract class MlflowClientContract {
  @TempDir Path dir;
  private Store store;
  private KilnServer server;
  private MlflowClient client;

  abstract String storeUrl(Path dir) throws Exception;

  @BeforeEach
  void start() throws Exception {
    store = Store.builder().url(storeUrl(dir)).artifacts(dir.resolve("artifacts")).open();
    server =
        KilnServer.builder()
            .port(0)
            .routes(MlflowApi.addTo(Routes.builder(), store).build())
            .build()
            .start();
    client = new MlflowClient("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
    store.close();
  }

  @Test
  void tracksAnExperimentAndRunThroughMlflowsClient() {
    String exp = client.createExperiment("churn");
    assertThat(client.getExperiment(exp).getName()).isEqualTo("churn");
    assertThat(client.getExperiment(exp).getArtifactLocation())
        .isEqualTo("mlflow-artifacts:/" + exp);
    Optional<Service.Experiment> byName = client.getExperimentByName("churn");
    assertThat(byName).map(Service.Experiment::getExperimentId).contains(exp);
    assertThat(client.getExperimentByName("no-such-experiment")).isEmpty();
    client.setExperimentTag(exp, "team", "risk");
    assertThat(client.getExperiment(exp).getTagsList())
        .extracting(Service.ExperimentTag::getKey, Service.ExperimentTag::getValue)
        .contains(org.assertj.core.groups.Tuple.tuple("team", "risk"));

    Service.RunInfo info =
        client.createRun(
            Service.CreateRun.newBuilder()
                .setExperimentId(exp)
                .setRunName("lgbm-depth6")
                .setUserId("alice")
                .setStartTime(1_700_000_000_000L)
                .addTags(Service.RunTag.newBuilder().setKey("team").setValue("risk"))
                .build());
    String run = info.getRunId();
    assertThat(info.getRunUuid()).isEqualTo(run);
    assertThat(info.getRunName()).isEqualTo("lgbm-depth6");
    assertThat(info.getStatus()).isEqualTo(Service.RunStatus.RUNNING);
    assertThat(info.getStartTime()).isEqualTo(1_700_000_000_000L);
    assertThat(info.getArtifactUri())
        .isEqualTo("mlflow-artifacts:/" + exp + "/" + run + "/artifacts");

    client.logParam(run, "learner", "lightgbm");
    client.logMetric(run, "loss", 0.9, 1_700_000_000_100L, 0);
    client.logMetric(run, "loss", 0.5, 1_700_000_000_200L, 1);
    client.logMetric(run, "odd", Double.NaN, 1_700_000_000_300L, 0);
    client.logBatch(
        run,
        List.of(
            metric("auc", 0.91, 1_700_000_000_400L, 0),
            metric("loss", 0.3, 1_700_000_000_500L, 2),
            metric("big", Double.POSITIVE_INFINITY, 1_700_000_000_500L, 0)),
        List.of(Service.Param.newBuilder().setKey("depth").setValue("6").build()),
        List.of(Service.RunTag.newBuilder().setKey("stage").setValue("cv").build()));
    client.setTag(run, "temp", "x");
    client.deleteTag(run, "temp");

    Service.Run got = client.getRun(run);
    assertThat(got.getData().getParamsList())
        .extracting(Service.Param::getKey, Service.Param::getValue)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("learner", "lightgbm"),
            org.assertj.core.groups.Tuple.tuple("depth", "6"));
    assertThat(got.getData().getMetricsList())
        .extracting(Service.Metric::getKey, Service.Metric::getValue)
        .contains(
            org.assertj.core.groups.Tuple.tuple("auc", 0.91),
            org.assertj.core.groups.Tuple.tuple("loss", 0.3),
            org.assertj.core.groups.Tuple.tuple("big", Double.POSITIVE_INFINITY));
    assertThat(
            got.getData().getMetricsList().stream()
                .filter(m -> m.getKey().equals("odd"))
                .map(Service.Metric::getValue))
        .singleElement()
        .satisfies(v -> assertThat(v).isNaN());
    assertThat(tags(got)).containsEntry("team", "risk").containsEntry("stage", "cv");
    assertThat(tags(got)).containsEntry("mlflow.runName", "lgbm-depth6").doesNotContainKey("temp");

    assertThat(client.getMetricHistory(run, "loss"))
        .extracting(Service.Metric::getStep, Service.Metric::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 0.9),
            org.assertj.core.groups.Tuple.tuple(1L, 0.5),
            org.assertj.core.groups.Tuple.tuple(2L, 0.3));

    String other =
        client
            .createRun(
                Service.CreateRun.newBuilder().setExperimentId(exp).setRunName("linear").build())
            .getRunId();
    client.logParam(other, "learner", "linear");
    client.logMetric(other, "auc", 0.71);
    List<Service.RunInfo> found =
        client.searchRuns(List.of(exp), "metrics.auc > 0.8 and params.learner = 'lightgbm'");
    assertThat(found).extracting(Service.RunInfo::getRunId).containsExactly(run);
    RunsPage ordered =
        client.searchRuns(
            List.of(exp), "", Service.ViewType.ACTIVE_ONLY, 1, List.of("metrics.auc ASC"));
    assertThat(ordered.getItems()).extracting(r -> r.getInfo().getRunId()).containsExactly(other);
    assertThat(ordered.hasNextPage()).isTrue();
    assertThat(((RunsPage) ordered.getNextPage()).getItems())
        .extracting(r -> r.getInfo().getRunId())
        .containsExactly(run);

    client.setTerminated(run, Service.RunStatus.FINISHED, 1_700_000_001_000L);
    Service.RunInfo done = client.getRun(run).getInfo();
    assertThat(done.getStatus()).isEqualTo(Service.RunStatus.FINISHED);
    assertThat(done.getEndTime()).isEqualTo(1_700_000_001_000L);

    client.deleteRun(other);
    assertThat(client.getRun(other).getInfo().getLifecycleStage()).isEqualTo("deleted");
    assertThat(client.searchRuns(List.of(exp), ""))
        .extracting(Service.RunInfo::getRunId)
        .containsExactly(run);
    client.restoreRun(other);
    assertThat(client.searchRuns(List.of(exp), "")).hasSize(2);

    client.renameExperiment(exp, "churn-2");
    assertThat(client.getExperiment(exp).getName()).isEqualTo("churn-2");
    client.deleteExperiment(exp);
    assertThat(client.getExperiment(exp).getLifecycleStage()).isEqualTo("deleted");
    client.restoreExperiment(exp);
    assertThat(client.searchExperiments("name = 'churn-2'").getItems())
        .extracting(Service.Experiment::getExperimentId)
        .containsExactly(exp);
  }

  @Test
  void registersAModelVersionAndReadsItByAliasThroughMlflowsClient() throws Exception {
    String exp = client.createExperiment("registry");
    String run = client.createRun(exp).getRunId();

    ModelRegistry.CreateRegisteredModel.Response created =
        parse(
            client.sendPost(
                "registered-models/create",
                json(
                    ModelRegistry.CreateRegisteredModel.newBuilder()
                        .setName("churn")
                        .setDescription("churn classifier")
                        .addTags(
                            ModelRegistry.RegisteredModelTag.newBuilder()
                                .setKey("team")
                                .setValue("risk")))),
            ModelRegistry.CreateRegisteredModel.Response.getDefaultInstance());
    assertThat(created.getRegisteredModel().getName()).isEqualTo("churn");
    assertThat(created.getRegisteredModel().getCreationTimestamp()).isPositive();

    ModelRegistry.CreateModelVersion.Response v1 =
        parse(
            client.sendPost(
                "model-versions/create",
                json(
                    ModelRegistry.CreateModelVersion.newBuilder()
                        .setName("churn")
                        .setSource("runs:/" + run + "/model")
                        .setRunId(run))),
            ModelRegistry.CreateModelVersion.Response.getDefaultInstance());
    assertThat(v1.getModelVersion().getVersion()).isEqualTo("1");
    assertThat(v1.getModelVersion().getStatus()).isEqualTo(ModelRegistry.ModelVersionStatus.READY);
    client.sendPost(
        "model-versions/create",
        json(
            ModelRegistry.CreateModelVersion.newBuilder()
                .setName("churn")
                .setSource("runs:/" + run + "/model2")
                .setRunId(run)));

    client.sendPost(
        "registered-models/alias",
        json(
            ModelRegistry.SetRegisteredModelAlias.newBuilder()
                .setName("churn")
                .setAlias("champion")
                .setVersion("1")));
    ModelRegistry.GetModelVersionByAlias.Response champion =
        parse(
            client.sendGet("registered-models/alias?name=churn&alias=champion"),
            ModelRegistry.GetModelVersionByAlias.Response.getDefaultInstance());
    assertThat(champion.getModelVersion().getVersion()).isEqualTo("1");
    assertThat(champion.getModelVersion().getAliasesList()).containsExactly("champion");

    ModelRegistry.ModelVersion v2 = client.getModelVersion("churn", "2");
    assertThat(v2.getSource()).isEqualTo("runs:/" + run + "/model2");
    assertThat(v2.getRunId()).isEqualTo(run);
    assertThat(client.getLatestVersions("churn"))
        .extracting(ModelRegistry.ModelVersion::getVersion)
        .containsExactly("2");
    assertThat(client.getModelVersionDownloadUri("churn", "1"))
        .isEqualTo("runs:/" + run + "/model");
    ModelRegistry.RegisteredModel model = client.getRegisteredModel("churn");
    assertThat(model.getDescription()).isEqualTo("churn classifier");
    assertThat(model.getAliasesList())
        .extracting(ModelRegistry.RegisteredModelAlias::getAlias, a -> a.getVersion())
        .containsExactly(org.assertj.core.groups.Tuple.tuple("champion", "1"));
    assertThat(model.getTagsList())
        .extracting(ModelRegistry.RegisteredModelTag::getKey)
        .containsExactly("team");
    assertThat(client.searchModelVersions("name = 'churn'").getItems())
        .extracting(ModelRegistry.ModelVersion::getVersion)
        .containsExactly("2", "1");
    assertThat(client.searchModelVersions("run_id = '" + run + "'").getItems()).hasSize(2);

    // the alias moves
    client.sendPost(
        "registered-models/alias",
        json(
            ModelRegistry.SetRegisteredModelAlias.newBuilder()
                .setName("churn")
                .setAlias("champion")
                .setVersion("2")));
    assertThat(
            parse(
                    client.sendGet("registered-models/alias?name=churn&alias=champion"),
                    ModelRegistry.GetModelVersionByAlias.Response.getDefaultInstance())
                .getModelVersion()
                .getVersion())
        .isEqualTo("2");

    // a missing alias is MLflow's 404
    assertThatThrownBy(() -> client.sendGet("registered-models/alias?name=churn&alias=nope"))
        .isInstanceOfSatisfying(
            MlflowHttpException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(404);
              assertThat(e.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
            });
  }

  @Test
  void uploadsAndDownloadsAnArtifactAtTheRunsArtifactUri() throws Exception {
    String exp = client.createExperiment("files");
    Service.RunInfo info = client.createRun(exp);
    String base =
        "http://127.0.0.1:"
            + server.port()
            + "/api/2.0/mlflow-artifacts/artifacts/"
            + info.getArtifactUri().substring("mlflow-artifacts:/".length());
    byte[] bytes = "feature,importance\nage,0.4\n".getBytes(StandardCharsets.UTF_8);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> put =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/reports/importance.csv"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).isEqualTo(200);
    HttpResponse<byte[]> get =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/reports/importance.csv")).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(bytes);

    Service.ListArtifacts.Response root =
        parse(
            client.sendGet("artifacts/list?run_id=" + info.getRunId()),
            Service.ListArtifacts.Response.getDefaultInstance());
    assertThat(root.getRootUri()).isEqualTo(info.getArtifactUri());
    assertThat(root.getFilesList())
        .extracting(Service.FileInfo::getPath, Service.FileInfo::getIsDir)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("reports", true));
    Service.ListArtifacts.Response reports =
        parse(
            client.sendGet("artifacts/list?run_id=" + info.getRunId() + "&path=reports"),
            Service.ListArtifacts.Response.getDefaultInstance());
    assertThat(reports.getFilesList())
        .extracting(Service.FileInfo::getPath, Service.FileInfo::getFileSize)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("reports/importance.csv", (long) bytes.length));
  }

  @Test
  void aTokenProtectedServerAcceptsTheClientsBearerToken() throws Exception {
    try (KilnServer guarded =
        KilnServer.builder()
            .port(0)
            .authToken("s3cret")
            .routes(MlflowApi.addTo(Routes.builder(), store).build())
            .build()
            .start()) {
      String host = "http://127.0.0.1:" + guarded.port();
      MlflowClient withToken = new MlflowClient(new BasicMlflowHostCreds(host, "s3cret"));
      assertThat(withToken.createExperiment("guarded")).isNotEmpty();
      withToken.close();
      MlflowClient without = new MlflowClient(host);
      assertThatThrownBy(() -> without.createExperiment("intruder"))
          .isInstanceOfSatisfying(
              MlflowHttpException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
      without.close();
    }
  }

  private static Service.Metric metric(String key, double value, long timestamp, long step) {
    return Service.Metric.newBuilder()
        .setKey(key)
        .setValue(value)
        .setTimestamp(timestamp)
        .setStep(step)
        .build();
  }

  private static java.util.Map<String, String> tags(Service.Run run) {
    return run.getData().getTagsList().stream()
        .collect(Collectors.toMap(Service.RunTag::getKey, Service.RunTag::getValue));
  }

  private static String json(Message.Builder message) throws Exception {
    return JsonFormat.printer().preservingProtoFieldNames().print(message);
  }

  /** Parses strictly: a field the client's protos do not know fails the test. */
  @SuppressWarnings("unchecked")
  private static <T extends Message> T parse(String json, T prototype) throws Exception {
    Message.Builder builder = prototype.newBuilderForType();
    JsonFormat.parser().merge(json, builder);
    return (T) builder.build();
  }
}
