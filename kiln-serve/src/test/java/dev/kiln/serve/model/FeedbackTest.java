package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import dev.kiln.data.source.DuckDb;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackTest {
  @TempDir Path logDir;
  private ModelService service;
  private KilnServer server;
  private ServingClient client;
  private ServedModel model;

  @BeforeEach
  void start() {
    model = PaymentsModel.served("1");
    ModelRegistry registry = new ModelRegistry();
    registry.put(model);
    service =
        ModelService.builder()
            .registry(registry)
            .logDir(logDir)
            .instanceId("srv1")
            .version("test")
            .build();
    server = KilnServer.builder().port(0).routes(service.routes(Routes.builder())).build().start();
    client = new ServingClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
    service.close();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  /** Scores {@code n} rows through /invocations and answers the prediction id. */
  private String predict(int n) throws Exception {
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(n, 21));
    HttpResponse<String> r = client.json("/invocations", Requests.split(rows));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.headers().firstValue("X-Prediction-Id").orElseThrow();
  }

  private List<String> feedbackLines() throws Exception {
    Path root = logDir.resolve("feedback");
    if (!Files.exists(root)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        lines.addAll(Files.readAllLines(f));
      }
    }
    return lines;
  }

  @Test
  void feedbackForRowsOfABatchJoinsThePredictionLogInDuckDb() throws Exception {
    String batch = predict(3);
    List<Map<String, Object>> one = Requests.records(model, PaymentsModel.rows(1, 5));
    HttpResponse<String> infer =
        client.json("/v2/models/payments/infer", Requests.infer(model, one, "req-1"));
    String single = infer.headers().firstValue("X-Prediction-Id").orElseThrow();

    HttpResponse<String> many =
        client.json(
            "/v1/feedback",
            "{\"feedback\": [{\"prediction_id\": \""
                + batch
                + "\", \"row\": 2, \"outcome\": 1},"
                + "{\"prediction_id\": \""
                + batch
                + "\", \"row\": 0, \"outcome\": \"0\"}]}");
    assertThat(many.statusCode()).as(many.body()).isEqualTo(200);
    assertThat(many.body()).isEqualTo("{\"accepted\":2}");
    HttpResponse<String> alone =
        client.json("/v1/feedback", "{\"prediction_id\": \"" + single + "\", \"outcome\": 1}");
    assertThat(alone.statusCode()).as(alone.body()).isEqualTo(200);
    // acknowledged means on disk: readable before the server stops
    assertThat(feedbackLines()).hasSize(3);
    server.close();
    service.close();

    String predictions = logDir.resolve("predictions/*/*/*.jsonl").toString();
    String feedback = logDir.resolve("feedback/*/*.jsonl").toString();
    List<String> joined = new ArrayList<>();
    try (Connection db = DuckDb.open(false);
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT p.id, p.row, p.outputs.predict AS predicted, f.outcome, f.model, f.version,"
                    + " f.time >= p.time AS after"
                    + " FROM read_json_auto("
                    + DuckDb.literal(predictions)
                    + ", hive_partitioning = true) p"
                    + " JOIN read_json_auto("
                    + DuckDb.literal(feedback)
                    + ", hive_partitioning = true) f"
                    + " ON f.prediction_id = p.id AND f.row = p.row ORDER BY p.id, p.row")) {
      while (rs.next()) {
        assertThat(rs.getBoolean("after")).isTrue();
        joined.add(
            rs.getString("id")
                + " row "
                + rs.getInt("row")
                + ": outcome "
                + rs.getLong("outcome")
                + " predicted "
                + rs.getLong("predicted")
                + " by "
                + rs.getString("model")
                + "/"
                + rs.getString("version"));
      }
    }
    assertThat(joined)
        .hasSize(3)
        .anySatisfy(s -> assertThat(s).startsWith(batch + " row 0: outcome 0 predicted "))
        .anySatisfy(s -> assertThat(s).startsWith(batch + " row 2: outcome 1 predicted "))
        .anySatisfy(s -> assertThat(s).startsWith(single + " row 0: outcome 1 predicted "))
        .allSatisfy(s -> assertThat(s).endsWith(" by payments/1"));
  }

  @Test
  void badFeedbackIsA4xxThatNamesTheFieldAndWritesNothing() throws Exception {
    String batch = predict(3);
    String single = predict(1);
    String good = "{\"prediction_id\": \"" + batch + "\", \"row\": 1, \"outcome\": 1}";
    String[][] cases = {
      {"{\"prediction_id\": ", "400", "Malformed JSON in the request body at line 1"},
      {"[1, 2]", "400", "The feedback body must be a JSON object"},
      {"{\"outcome\": 1}", "400", "prediction_id is missing"},
      {"{\"prediction_id\": 7, \"outcome\": 1}", "400", "prediction_id must be a string but was 7"},
      {
        "{\"prediction_id\": \"nope\", \"outcome\": 1}",
        "400",
        "prediction_id 'nope' is not a prediction id; expected INSTANCE-COUNTER"
      },
      {"{\"prediction_id\": \"" + single + "\"}", "400", "outcome is missing"},
      {
        "{\"prediction_id\": \"" + single + "\", \"outcome\": null}",
        "400",
        "outcome must be a class label (a string or a whole number) or a number but was null"
      },
      {
        "{\"prediction_id\": \"" + single + "\", \"outcome\": [1]}",
        "400",
        "outcome must be a class label (a string or a whole number) or a number but was a list"
      },
      {
        "{\"prediction_id\": \"" + single + "\", \"outcome\": \"fraud\"}",
        "400",
        "outcome is the string 'fraud' but model 'payments' has the classes 0, 1."
      },
      {
        "{\"prediction_id\": \"" + single + "\", \"outcome\": 0.5}",
        "400",
        "outcome is 0.5 but model 'payments' has the classes 0, 1."
      },
      {
        "{\"prediction_id\": \"" + batch + "\", \"outcome\": 1}",
        "400",
        "row is missing but prediction " + batch + " has 3 rows; say which with 'row' (0 to 2)."
      },
      {
        "{\"prediction_id\": \"" + batch + "\", \"row\": 3, \"outcome\": 1}",
        "400",
        "row is 3 but prediction " + batch + " has 3 rows (0 to 2)."
      },
      {
        "{\"prediction_id\": \"" + single + "\", \"row\": 1, \"outcome\": 1}",
        "400",
        "row is 1 but prediction " + single + " has 1 row (row 0)."
      },
      {
        "{\"prediction_id\": \"" + batch + "\", \"row\": -1, \"outcome\": 1}",
        "400",
        "row must be a whole number from 0 (the row's index) but was -1."
      },
      {
        "{\"prediction_id\": \"" + batch + "\", \"row\": \"1\", \"outcome\": 1}",
        "400",
        "row must be a whole number from 0 (the row's index) but was the string '1'."
      },
      {
        "{\"prediction_id\": \"" + batch + "\", \"row\": 1.5, \"outcome\": 1}",
        "400",
        "row must be a whole number from 0 (the row's index) but was 1.5."
      },
      {
        "{\"prediction_id\": \"" + single + "\", \"outcome\": 1, \"outcom\": 1}",
        "400",
        "The feedback item has an unknown field 'outcom'; expected prediction_id, row, outcome"
      },
      {
        "{\"prediction_id\": \"" + single + "\", \"outcome\": 1, \"model\": \"other\"}",
        "400",
        "model is 'other' but prediction " + single + " was answered by model 'payments'."
      },
      {
        "{\"prediction_id\": \"elsewhere-1\", \"outcome\": 1, \"model\": \"nope\"}",
        "404",
        "model: No model 'nope' is served here; served models: "
      },
      {
        "{\"prediction_id\": \"elsewhere-1\", \"outcome\": \"maybe\", \"model\": \"payments\"}",
        "400",
        "outcome is the string 'maybe' but model 'payments' has the classes 0, 1."
      },
      {
        "{\"prediction_id\": \"srv1-ff\", \"outcome\": 1}",
        "404",
        "prediction_id 'srv1-ff' was never issued: this server (srv1) has issued ids up to srv1-2."
      },
      {
        "{\"prediction_id\": \"srv1-0\", \"outcome\": 1}",
        "404",
        "prediction_id 'srv1-0' was never issued"
      },
      {"{\"feedback\": []}", "400", "'feedback' holds no items; send at least one."},
      {"{\"feedback\": {}}", "400", "'feedback' must be a list of items but was an object."},
      {
        "{\"feedback\": [], \"outcome\": 1}",
        "400",
        "A feedback body holds either one item or only 'feedback' (a list of items) but this one"
            + " also has 'outcome'."
      },
      {"{\"feedback\": [" + good + ", 3]}", "400", "feedback[1] must be an object but was 3."},
      // a bad item after good ones rejects the whole batch, naming its index
      {
        "{\"feedback\": ["
            + good
            + ", "
            + good
            + ", {\"prediction_id\": \"srv1-1\", \"row\": 9,"
            + " \"outcome\": 1}]}",
        "400",
        "feedback[2].row is 9 but prediction srv1-1 has 3 rows (0 to 2)."
      },
      {
        "{\"feedback\": [" + good + ", {\"prediction_id\": \"srv1-99\", \"outcome\": 1}]}",
        "404",
        "feedback[1].prediction_id 'srv1-99' was never issued"
      },
    };
    for (String[] c : cases) {
      HttpResponse<String> response = client.json("/v1/feedback", c[0]);
      assertThat(response.statusCode())
          .as(c[0] + " -> " + response.body())
          .isEqualTo(Integer.parseInt(c[1]));
      JsonNode error = json(response);
      assertThat(error.get("error").asText()).as(c[0]).contains(c[2]);
      assertThat(error.get("message").asText()).isEqualTo(error.get("error").asText());
    }
    HttpResponse<String> xml = client.post("/v1/feedback", "application/xml", good);
    assertThat(xml.statusCode()).isEqualTo(415);
    assertThat(json(xml).get("error").asText())
        .contains("Expected Content-Type application/json but the request sent 'application/xml'");
    HttpResponse<String> get = client.get("/v1/feedback");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(feedbackLines()).isEmpty();
    assertThat(client.json("/v1/feedback", good).statusCode()).isEqualTo(200);
    assertThat(feedbackLines()).hasSize(1);
  }

  @Test
  void anotherReplicasIdIsAcceptedAndItsOutcomeKeptAsSent() throws Exception {
    HttpResponse<String> r =
        client.json(
            "/v1/feedback",
            "{\"feedback\": [{\"prediction_id\": \"a1b2c3d4e5f6-2a\", \"row\": 4, \"outcome\":"
                + " \"yes\"}, {\"prediction_id\": \"a1b2c3d4e5f6-2b\", \"outcome\": 1.0, \"model\":"
                + " \"payments\"}]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<String> lines = feedbackLines();
    assertThat(lines).hasSize(2);
    JsonNode first = Json.mapper().readTree(lines.get(0));
    assertThat(first.get("prediction_id").asText()).isEqualTo("a1b2c3d4e5f6-2a");
    assertThat(first.get("row").asInt()).isEqualTo(4);
    assertThat(first.get("outcome").asText()).isEqualTo("yes");
    assertThat(first.get("model").isNull()).isTrue();
    assertThat(first.get("time").asText()).endsWith("Z");
    // with a model named, the label is checked and written as the model writes its labels
    JsonNode second = Json.mapper().readTree(lines.get(1));
    assertThat(second.get("outcome").isIntegralNumber()).isTrue();
    assertThat(second.get("outcome").asLong()).isEqualTo(1);
    assertThat(second.get("model").asText()).isEqualTo("payments");
    assertThat(second.get("version").isNull()).isTrue(); // which version answered is unknown
    assertThat(lines.get(0)).matches("\\{\"prediction_id\":.*\\}");
    try (Stream<Path> files = Files.walk(logDir.resolve("feedback"))) {
      assertThat(files.filter(Files::isRegularFile).toList())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.getFileName().toString()).isEqualTo("srv1.jsonl");
                assertThat(f.getParent().getFileName().toString())
                    .matches("hour=\\d{4}-\\d\\d-\\d\\dT\\d\\d");
              });
    }
  }

  @Test
  void metricsCountFeedbackByModelAndFeedbackRequestsByStatus() throws Exception {
    String id = predict(2);
    client.json(
        "/v1/feedback",
        "{\"feedback\": [{\"prediction_id\": \""
            + id
            + "\", \"row\": 0, \"outcome\": 1}, {\"prediction_id\": \""
            + id
            + "\", \"row\": 1, \"outcome\": 0}]}");
    client.json("/v1/feedback", "{\"prediction_id\": \"x-1\", \"outcome\": 0}");
    client.json("/v1/feedback", "{}");
    String text = client.get("/metrics").body();
    assertThat(text)
        .contains("kiln_feedback_total{model=\"payments\"} 2.0")
        .contains("kiln_feedback_total{model=\"\"} 1.0")
        .contains(
            "kiln_requests_seconds_count{endpoint=\"feedback\",model=\"\",status=\"200\",version=\"\"} 2")
        .contains(
            "kiln_requests_seconds_count{endpoint=\"feedback\",model=\"\",status=\"400\",version=\"\"} 1");
  }

  @Test
  void aServiceWithoutALogSaysItCannotStoreFeedback() throws Exception {
    ModelRegistry registry = new ModelRegistry();
    registry.put(model);
    try (ModelService bare = ModelService.builder().registry(registry).build()) {
      Routes routes = bare.routes(Routes.builder());
      var response =
          routes.respond(
              dev.kiln.serve.Request.of(
                  "POST",
                  "/v1/feedback",
                  Map.of("Content-Type", "application/json"),
                  "{\"prediction_id\": \"x-1\", \"outcome\": 1}"
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(response.status()).isEqualTo(501);
      assertThat(response.bodyText()).contains("does not store feedback");
    }
  }
}
