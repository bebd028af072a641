package dev.kiln.serve.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.store.Store;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every caller's mistake answers MLflow's error shape and status over a real socket, never a 500:
 * unknown ids, duplicates, malformed filters, bad JSON, wrong types, batches over MLflow's limits.
 */
class MlflowApiErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API = "/api/2.0/mlflow/";

  @TempDir Path dir;
  private Store store;
  private KilnServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  record Reply(int status, JsonNode body, String text) {
    String code() {
      return body.path("error_code").asText();
    }

    String message() {
      return body.path("message").asText();
    }
  }

  @BeforeEach
  void start() {
    store =
        Store.builder()
            .url("sqlite:" + dir.resolve("kiln.db"))
            .artifacts(dir.resolve("artifacts"))
            .open();
    server =
        KilnServer.builder()
            .port(0)
            .routes(MlflowApi.addTo(Routes.builder(), store).build())
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.close();
    store.close();
  }

  private Reply call(String method, String path, String body) throws Exception {
    return call(method, path, body, "application/json");
  }

  private Reply call(String method, String path, String body, String type) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", type);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode node;
    try {
      node = JSON.readTree(r.body());
    } catch (IOException notJson) {
      node = JSON.createObjectNode();
    }
    return new Reply(r.statusCode(), node, r.body());
  }

  private String run() throws Exception {
    Reply r = call("POST", API + "runs/create", "{\"experiment_id\": \"0\"}");
    assertThat(r.status()).isEqualTo(200);
    return r.body().path("run").path("info").path("run_id").asText();
  }

  @Test
  void unknownIdsAnswer404ResourceDoesNotExist() throws Exception {
    Reply exp = call("GET", API + "experiments/get?experiment_id=999", null);
    assertThat(exp.status()).isEqualTo(404);
    assertThat(exp.code()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(exp.message()).contains("999");
    assertThat(exp.body().path("error").asText()).isEqualTo(exp.message());

    Reply byName = call("GET", API + "experiments/get-by-name?experiment_name=nope", null);
    assertThat(byName.status()).isEqualTo(404);
    assertThat(byName.message()).contains("nope");

    Reply run = call("GET", API + "runs/get?run_id=0123456789abcdef0123456789abcdef", null);
    assertThat(run.status()).isEqualTo(404);
    assertThat(run.code()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    assertThat(run.message()).contains("0123456789abcdef0123456789abcdef");

    Reply logTo =
        call(
            "POST",
            API + "runs/log-metric",
            "{\"run_id\":\"feed\",\"key\":\"a\",\"value\":1,\"timestamp\":1}");
    assertThat(logTo.status()).isEqualTo(404);

    Reply model = call("GET", API + "registered-models/get?name=ghost", null);
    assertThat(model.status()).isEqualTo(404);
    assertThat(model.message()).contains("ghost");

    call("POST", API + "registered-models/create", "{\"name\":\"m\"}");
    Reply version = call("GET", API + "model-versions/get?name=m&version=7", null);
    assertThat(version.status()).isEqualTo(404);
    assertThat(version.code()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
    Reply alias = call("GET", API + "registered-models/alias?name=m&alias=champion", null);
    assertThat(alias.status()).isEqualTo(404);
    assertThat(alias.message()).contains("champion");
    Reply history =
        call("GET", API + "metrics/get-history?run_id=" + run() + "&metric_key=never", null);
    assertThat(history.status()).isEqualTo(200);
    assertThat(history.body().has("metrics")).isFalse();
  }

  @Test
  void duplicateNamesAnswer400ResourceAlreadyExists() throws Exception {
    assertThat(call("POST", API + "experiments/create", "{\"name\":\"churn\"}").status())
        .isEqualTo(200);
    Reply again = call("POST", API + "experiments/create", "{\"name\":\"churn\"}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.code()).isEqualTo("RESOURCE_ALREADY_EXISTS");
    assertThat(again.message()).contains("churn");

    call("POST", API + "registered-models/create", "{\"name\":\"m\"}");
    Reply model = call("POST", API + "registered-models/create", "{\"name\":\"m\"}");
    assertThat(model.status()).isEqualTo(400);
    assertThat(model.code()).isEqualTo("RESOURCE_ALREADY_EXISTS");
  }

  @Test
  void aMalformedFilterAnswers400WithThePosition() throws Exception {
    Reply runs =
        call(
            "POST",
            API + "runs/search",
            "{\"experiment_ids\":[\"0\"],\"filter\":\"metrics.auc > 0.8 adn params.x = 'y'\"}");
    assertThat(runs.status()).isEqualTo(400);
    assertThat(runs.code()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(runs.message()).contains("'adn'").contains("position 19");

    Reply versions = call("GET", API + "model-versions/search?filter=name%20%3D%3D%20'm'", null);
    assertThat(versions.status()).isEqualTo(400);
    assertThat(versions.message()).contains("position 7").contains("token '='");

    Reply unterminated =
        call("GET", API + "model-versions/search?filter=run_id%20%3D%20'abc", null);
    assertThat(unterminated.status()).isEqualTo(400);
    assertThat(unterminated.message()).contains("Unterminated string starting at position 10");

    Reply order =
        call(
            "POST",
            API + "runs/search",
            "{\"experiment_ids\":[\"0\"],\"order_by\":[\"metrics.auc SIDEWAYS\"]}");
    assertThat(order.status()).isEqualTo(400);
    assertThat(order.message()).contains("SIDEWAYS");
  }

  @Test
  void nanAndInfinityMetricValuesAreAcceptedAndReadBack() throws Exception {
    String run = run();
    String[] values = {"\"NaN\"", "NaN", "\"Infinity\"", "-Infinity", "\"-Infinity\"", "1e308"};
    for (int i = 0; i < values.length; i++) {
      Reply r =
          call(
              "POST",
              API + "runs/log-metric",
              String.format(
                  "{\"run_id\":\"%s\",\"key\":\"m\",\"value\":%s,\"timestamp\":%d,\"step\":%d}",
                  run, values[i], 1000 + i, i));
      assertThat(r.status()).as(values[i]).isEqualTo(200);
    }
    Reply history = call("GET", API + "metrics/get-history?run_id=" + run + "&metric_key=m", null);
    assertThat(history.text())
        .contains(
            "\"value\":\"NaN\"", "\"value\":\"Infinity\"", "\"value\":\"-Infinity\"", "1.0E308");
    assertThat(history.body().path("metrics")).hasSize(6);
  }

  @Test
  void badJsonAnswers400WithLineAndColumn() throws Exception {
    Reply r = call("POST", API + "experiments/create", "{\"name\": \"x\",\n  oops}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.code()).isEqualTo("MALFORMED_REQUEST");
    assertThat(r.message()).contains("line 2, column");

    Reply array = call("POST", API + "experiments/create", "[1, 2]");
    assertThat(array.status()).isEqualTo(400);
    assertThat(array.message()).contains("must be a JSON object").contains("[1,2]");

    // MLflow reads the body as JSON whatever the Content-Type (curl -d sends a form type)
    Reply form = call("POST", API + "experiments/create", "name=x", "text/plain");
    assertThat(form.status()).isEqualTo(400);
    assertThat(form.code()).isEqualTo("MALFORMED_REQUEST");
    Reply formJson =
        call(
            "POST",
            API + "experiments/create",
            "{\"name\":\"x\"}",
            "application/x-www-form-urlencoded");
    assertThat(formJson.status()).isEqualTo(200);
  }

  @Test
  void wrongTypesAnswer400NamingTheField() throws Exception {
    String run = run();
    Reply value =
        call(
            "POST",
            API + "runs/log-metric",
            "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":\"high\",\"timestamp\":1}");
    assertThat(value.status()).isEqualTo(400);
    assertThat(value.code()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(value.message()).contains("'value'").contains("\"high\"");

    Reply time =
        call(
            "POST",
            API + "runs/log-metric",
            "{\"run_id\":\"" + run + "\",\"key\":\"m\",\"value\":1,\"timestamp\":\"soon\"}");
    assertThat(time.status()).isEqualTo(400);
    assertThat(time.message()).contains("'timestamp'").contains("an integer");

    Reply name = call("POST", API + "experiments/create", "{\"name\": 5}");
    assertThat(name.status()).isEqualTo(400);
    assertThat(name.message()).contains("'name'").contains("a string");

    Reply nested =
        call(
            "POST",
            API + "runs/log-batch",
            "{\"run_id\":\""
                + run
                + "\",\"metrics\":[{\"key\":\"a\",\"value\":1,\"timestamp\":1},"
                + "{\"key\":\"b\",\"value\":{\"x\":1},\"timestamp\":1}]}");
    assertThat(nested.status()).isEqualTo(400);
    assertThat(nested.message()).contains("'metrics[1].value'");

    Reply missing = call("POST", API + "runs/log-parameter", "{\"run_id\":\"" + run + "\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).contains("Missing value for required parameter 'key'");

    Reply version = call("GET", API + "model-versions/get?name=m&version=abc", null);
    assertThat(version.status()).isEqualTo(400);
    assertThat(version.message()).contains("'abc'").contains("'version'");

    Reply max = call("GET", API + "experiments/search?max_results=0", null);
    assertThat(max.status()).isEqualTo(400);
    assertThat(max.message()).contains("'max_results'");

    Reply token = call("GET", API + "experiments/search?page_token=garbage", null);
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.message()).contains("garbage");

    Reply status =
        call("POST", API + "runs/update", "{\"run_id\":\"" + run + "\",\"status\":\"DONE\"}");
    assertThat(status.status()).isEqualTo(400);
    assertThat(status.message()).contains("'DONE'").contains("FINISHED");

    call("POST", API + "registered-models/create", "{\"name\":\"m\"}");
    Reply stage =
        call("GET", API + "registered-models/get-latest-versions?name=m&stages=Prod", null);
    assertThat(stage.status()).isEqualTo(400);
    assertThat(stage.message()).contains("Prod");
  }

  @Test
  void logBatchOverMlflowsLimitsAnswers400AndLogsNothing() throws Exception {
    String run = run();
    Reply metrics = call("POST", API + "runs/log-batch", batch(run, 1001, 0, 0));
    assertThat(metrics.status()).isEqualTo(400);
    assertThat(metrics.code()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(metrics.message()).contains("at most 1000 metrics").contains("1001");

    Reply params = call("POST", API + "runs/log-batch", batch(run, 0, 101, 0));
    assertThat(params.status()).isEqualTo(400);
    assertThat(params.message()).contains("at most 100 params").contains("101");

    Reply tags = call("POST", API + "runs/log-batch", batch(run, 0, 0, 101));
    assertThat(tags.status()).isEqualTo(400);
    assertThat(tags.message()).contains("at most 100 tags");

    Reply total = call("POST", API + "runs/log-batch", batch(run, 1000, 100, 0));
    assertThat(total.status()).isEqualTo(400);
    assertThat(total.message()).contains("1100");

    Reply got = call("GET", API + "runs/get?run_id=" + run, null);
    assertThat(got.body().path("run").path("data").has("metrics")).isFalse();
    assertThat(got.body().path("run").path("data").has("params")).isFalse();

    Reply atLimit = call("POST", API + "runs/log-batch", batch(run, 1000, 0, 0));
    assertThat(atLimit.status()).isEqualTo(200);
    Reply full = call("POST", API + "runs/log-batch", batch(run, 0, 100, 100));
    assertThat(full.status()).isEqualTo(200);
  }

  private static String batch(String run, int metrics, int params, int tags) {
    String m =
        IntStream.range(0, metrics)
            .mapToObj(i -> "{\"key\":\"m" + i + "\",\"value\":" + i + ",\"timestamp\":1}")
            .collect(Collectors.joining(","));
    String p =
        IntStream.range(0, params)
            .mapToObj(i -> "{\"key\":\"p" + i + "\",\"value\":\"v\"}")
            .collect(Collectors.joining(","));
    String t =
        IntStream.range(0, tags)
            .mapToObj(i -> "{\"key\":\"t" + i + "\",\"value\":\"v\"}")
            .collect(Collectors.joining(","));
    return String.format(
        "{\"run_id\":\"%s\",\"metrics\":[%s],\"params\":[%s],\"tags\":[%s]}", run, m, p, t);
  }

  @Test
  void lifecycleMistakesAre400NotServerErrors() throws Exception {
    String run = run();
    Reply restore = call("POST", API + "experiments/restore", "{\"experiment_id\":\"0\"}");
    assertThat(restore.status()).isEqualTo(400);
    assertThat(restore.code()).isEqualTo("INVALID_PARAMETER_VALUE");
    assertThat(restore.message()).contains("already active");

    call(
        "POST",
        API + "runs/log-parameter",
        "{\"run_id\":\"" + run + "\",\"key\":\"lr\",\"value\":\"0.1\"}");
    Reply change =
        call(
            "POST",
            API + "runs/log-parameter",
            "{\"run_id\":\"" + run + "\",\"key\":\"lr\",\"value\":\"0.2\"}");
    assertThat(change.status()).isEqualTo(400);
    assertThat(change.message()).contains("'lr'").contains("0.1").contains("0.2");

    String exp =
        call("POST", API + "experiments/create", "{\"name\":\"gone\"}")
            .body()
            .path("experiment_id")
            .asText();
    assertThat(
            call("POST", API + "experiments/delete", "{\"experiment_id\":\"" + exp + "\"}")
                .status())
        .isEqualTo(200);
    Reply again = call("POST", API + "experiments/delete", "{\"experiment_id\":\"" + exp + "\"}");
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.message()).contains("already deleted");
    Reply runInDeleted = call("POST", API + "runs/create", "{\"experiment_id\":\"" + exp + "\"}");
    assertThat(runInDeleted.status()).isEqualTo(400);
    assertThat(runInDeleted.message()).contains("deleted");
    Reply deleteDefault = call("POST", API + "experiments/delete", "{\"experiment_id\":\"0\"}");
    assertThat(deleteDefault.status()).isEqualTo(400);
  }

  @Test
  void artifactsUnknownOrCorruptedAreReported() throws Exception {
    Reply created = call("POST", API + "runs/create", "{\"experiment_id\": \"0\"}");
    String uri = created.body().path("run").path("info").path("artifact_uri").asText();
    String root = uri.substring("mlflow-artifacts:/".length());
    String base = "/api/2.0/mlflow-artifacts/artifacts/" + root;
    Reply missing = call("GET", base + "/model/none.bin", null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.message()).contains("model/none.bin");

    Reply elsewhere = call("GET", "/api/2.0/mlflow-artifacts/artifacts/0/no-run-here/x", null);
    assertThat(elsewhere.status()).isEqualTo(404);

    assertThat(
            call("PUT", base + "/model/weights.bin", "0123456789", "application/octet-stream")
                .status())
        .isEqualTo(200);
    Reply folder = call("GET", base + "/model", null);
    assertThat(folder.status()).isEqualTo(400);
    assertThat(folder.message()).contains("is a folder");
    Reply list = call("GET", "/api/2.0/mlflow-artifacts/artifacts?path=" + root + "/model", null);
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.body().path("files").get(0).path("path").asText()).isEqualTo("weights.bin");
    assertThat(list.body().path("files").get(0).path("file_size").asLong()).isEqualTo(10);

    try (Stream<Path> files = Files.walk(dir.resolve("artifacts").resolve("sha256"))) {
      for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
        Files.writeString(p, "tampered!!", StandardCharsets.UTF_8);
      }
    }
    Reply corrupt = call("GET", base + "/model/weights.bin", null);
    assertThat(corrupt.status()).isEqualTo(500);
    assertThat(corrupt.code()).isEqualTo("INVALID_STATE");
    assertThat(corrupt.message()).contains("no longer matches");
  }

  @Test
  void kilnExtrasShowAModelsAuditTrailAndAVersionsLineage() throws Exception {
    String run = run();
    call(
        "POST",
        API + "runs/set-tag",
        "{\"run_id\":\"" + run + "\",\"key\":\"mlflow.source.git.commit\",\"value\":\"abc123\"}");
    call(
        "POST",
        API + "runs/log-inputs",
        "{\"run_id\":\""
            + run
            + "\",\"datasets\":[{\"tags\":[{\"key\":\"mlflow.data.context\",\"value\":\"training\"}],"
            + "\"dataset\":{\"name\":\"payments\",\"digest\":\"sha256:ab\",\"source_type\":\"local\","
            + "\"source\":\"data/payments.csv\"}}]}");
    HttpRequest create =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + API + "registered-models/create"))
            .header("X-Kiln-User", "alice")
            .header("X-Kiln-Reason", "first model")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"churn\"}"))
            .build();
    assertThat(http.send(create, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    call(
        "POST",
        API + "model-versions/create",
        "{\"name\":\"churn\",\"source\":\"runs:/" + run + "/model\",\"run_id\":\"" + run + "\"}");

    Reply audit = call("GET", "/api/kiln/registered-models/audit?name=churn", null);
    assertThat(audit.status()).isEqualTo(200);
    JsonNode first = audit.body().path("entries").get(0);
    assertThat(first.path("user_id").asText()).isEqualTo("alice");
    assertThat(first.path("reason").asText()).isEqualTo("first model");
    assertThat(audit.body().path("entries")).hasSize(2);
    assertThat(audit.body().path("entries").get(1).path("user_id").asText()).isEqualTo("anonymous");

    Reply lineage = call("GET", "/api/kiln/model-versions/lineage?name=churn&version=1", null);
    assertThat(lineage.status()).isEqualTo(200);
    assertThat(lineage.body().path("code_commit").asText()).isEqualTo("abc123");
    assertThat(lineage.body().path("run").path("info").path("run_id").asText()).isEqualTo(run);
    assertThat(lineage.body().path("datasets").get(0).path("digest").asText())
        .isEqualTo("sha256:ab");
    assertThat(lineage.body().path("datasets").get(0).path("context").asText())
        .isEqualTo("training");
  }

  @Test
  void theAjaxPrefixServesTheSameApi() throws Exception {
    Reply r = call("GET", "/ajax-api/2.0/mlflow/experiments/get?experiment_id=0", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body().path("experiment").path("name").asText()).isEqualTo("Default");
    assertThat(r.body().path("experiment").path("creation_time").isNumber()).isTrue();
  }
}
