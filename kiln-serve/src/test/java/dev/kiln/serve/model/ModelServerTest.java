package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.json.Json;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelServerTest {
  @TempDir Path logDir;
  private ModelService service;
  private KilnServer server;
  private ServingClient client;
  private ServedModel model;

  @BeforeEach
  void start() {
    PaymentsServer payments = new PaymentsServer(logDir);
    model = payments.model;
    service = payments.service;
    server = payments.server;
    client = payments.client;
  }

  @AfterEach
  void stop() {
    server.close();
    service.close();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  /** P(fraud) of each row through the predictor's batch path. */
  private double[] expected(Frame frame) {
    double[] p = model.predictor().predict(frame);
    double[] fraud = new double[frame.rowCount()];
    for (int r = 0; r < fraud.length; r++) {
      fraud[r] = p[2 * r + 1];
    }
    return fraud;
  }

  @Test
  void everyMlflowFormatScoresTheSameRowsAsThePredictor() throws Exception {
    Frame frame = PaymentsModel.rows(5, 99);
    List<Map<String, Object>> rows = Requests.records(model, frame);
    double[] expected = expected(frame);
    List<String> bodies =
        List.of(
            Requests.split(rows),
            Requests.records("dataframe_records", rows),
            Requests.records("instances", rows),
            Requests.columns("inputs", rows),
            Requests.columns("instances", rows));
    for (String body : bodies) {
      JsonNode answer = json(client.json("/invocations?output=probability", body));
      assertThat(answer.get("predictions")).as(body).hasSize(5);
      for (int r = 0; r < 5; r++) {
        assertThat(answer.get("predictions").get(r).get(1).asDouble())
            .as("row %d of %s", r, body)
            .isCloseTo(expected[r], within(1e-6));
      }
    }
    HttpResponse<String> csv = client.post("/invocations", "text/csv", Requests.csv(rows));
    assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
    JsonNode labels = json(csv).get("predictions");
    for (int r = 0; r < 5; r++) {
      assertThat(labels.get(r).asInt()).isEqualTo(expected[r] > 0.5 ? 1 : 0);
      assertThat(labels.get(r).isIntegralNumber()).isTrue();
    }
  }

  @Test
  void oneRowGoesThroughTheSingleRowPathWithTheSameAnswerAsTheBatchPath() throws Exception {
    Frame frame = PaymentsModel.rows(40, 7);
    List<Map<String, Object>> rows = Requests.records(model, frame);
    double[] expected = expected(frame);
    for (int r = 0; r < rows.size(); r++) {
      String body =
          "{\"dataframe_split\":"
              + Requests.split(List.of(rows.get(r)))
                  .substring(
                      "{\"dataframe_split\":".length(),
                      Requests.split(List.of(rows.get(r))).length() - 1)
              + ",\"params\":{\"output\":\"probability\"}}";
      JsonNode answer = json(client.json("/invocations", body));
      assertThat(answer.get("predictions").get(0).get(1).asDouble())
          .isCloseTo(expected[r], within(1e-6));
    }
  }

  @Test
  void invocationsAnswersLabelsWithAPredictionIdInHeaderAndBody() throws Exception {
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(2, 5));
    HttpResponse<String> first = client.json("/invocations", Requests.split(rows));
    HttpResponse<String> second = client.json("/invocations", Requests.split(rows));
    assertThat(first.statusCode()).isEqualTo(200);
    String id = first.headers().firstValue("X-Prediction-Id").orElseThrow();
    assertThat(json(first).get("id").asText()).isEqualTo(id);
    assertThat(second.headers().firstValue("X-Prediction-Id").orElseThrow()).isNotEqualTo(id);
    assertThat(json(first).get("predictions").get(0).isIntegralNumber()).isTrue();
  }

  @Test
  void oipInferAnswersNamedOutputsAndEchoesTheRequestId() throws Exception {
    Frame frame = PaymentsModel.rows(3, 21);
    List<Map<String, Object>> rows = Requests.records(model, frame);
    double[] expected = expected(frame);
    for (String path :
        List.of("/v2/models/payments/infer", "/v2/models/payments/versions/1/infer")) {
      HttpResponse<String> response = client.json(path, Requests.infer(model, rows, "req-7"));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode answer = json(response);
      assertThat(answer.get("model_name").asText()).isEqualTo("payments");
      assertThat(answer.get("model_version").asText()).isEqualTo("1");
      assertThat(answer.get("id").asText()).isEqualTo("req-7");
      assertThat(answer.at("/parameters/prediction_id").asText())
          .isEqualTo(response.headers().firstValue("X-Prediction-Id").orElseThrow());
      JsonNode predict = answer.get("outputs").get(0);
      assertThat(predict.get("name").asText()).isEqualTo("predict");
      assertThat(predict.get("datatype").asText()).isEqualTo("INT64");
      assertThat(predict.get("shape").toString()).isEqualTo("[3]");
      JsonNode probability = answer.get("outputs").get(1);
      assertThat(probability.get("shape").toString()).isEqualTo("[3,2]");
      for (int r = 0; r < 3; r++) {
        assertThat(probability.get("data").get(2 * r + 1).asDouble())
            .isCloseTo(expected[r], within(1e-6));
        assertThat(predict.get("data").get(r).asInt()).isEqualTo(expected[r] > 0.5 ? 1 : 0);
      }
    }
    JsonNode only =
        json(
            client.json(
                "/v2/models/payments/infer",
                Requests.infer(model, rows, null)
                    .replaceFirst("\\{", "{\"outputs\":[{\"name\":\"probability\"}],")));
    assertThat(only.get("outputs")).hasSize(1);
    assertThat(only.get("outputs").get(0).get("name").asText()).isEqualTo("probability");
    assertThat(only.get("id").asText()).isEqualTo(only.at("/parameters/prediction_id").asText());
  }

  @Test
  void answersAreTheBytesJacksonWritesForTheirValues() throws Exception {
    // the answers are written as bytes (JsonBytes): the same text Jackson's generator gives
    ObjectMapper jackson =
        new ObjectMapper(
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(7, 3));
    String oddId = "q\"\\\u00e9\n/\u2713\ud83d\ude00\u0001";
    List<HttpResponse<String>> answers =
        List.of(
            client.json("/invocations", Requests.split(rows)),
            client.json("/invocations?output=probability", Requests.split(rows)),
            client.json("/invocations", Requests.split(rows.subList(0, 1))),
            client.json("/v2/models/payments/infer", Requests.infer(model, rows, null)),
            client.json("/v2/models/payments/infer", Requests.infer(model, rows, oddId)),
            client.json(
                "/v2/models/payments/infer",
                Requests.infer(model, rows.subList(0, 1), "x")
                    .replaceFirst("\\{", "{\"outputs\":[{\"name\":\"probability\"}],")));
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body())
          .isEqualTo(jackson.writeValueAsString(jackson.readTree(answer.body())));
    }
    assertThat(json(answers.get(4)).get("id").asText()).isEqualTo(oddId);
    assertThat(json(answers.get(1)).get("predictions")).hasSize(7);
  }

  @Test
  void oipMetadataAndHealthDescribeTheServerAndTheSignature() throws Exception {
    assertThat(json(client.get("/v2")).get("name").asText()).isEqualTo("kiln");
    assertThat(json(client.get("/v2")).get("version").asText()).isEqualTo("test");
    assertThat(json(client.get("/v2/health/live")).get("live").asBoolean()).isTrue();
    assertThat(json(client.get("/v2/health/ready")).get("ready").asBoolean()).isTrue();
    assertThat(json(client.get("/v2/models/payments/ready")).get("ready").asBoolean()).isTrue();
    assertThat(client.get("/v2/models/payments/versions/1/ready").statusCode()).isEqualTo(200);
    JsonNode meta = json(client.get("/v2/models/payments"));
    assertThat(meta.get("name").asText()).isEqualTo("payments");
    assertThat(meta.get("versions").toString()).isEqualTo("[\"1\"]");
    assertThat(meta.get("platform").asText()).isEqualTo("kiln_xgboost4j");
    List<String> inputs = new ArrayList<>();
    meta.get("inputs")
        .forEach(i -> inputs.add(i.get("name").asText() + ":" + i.get("datatype").asText()));
    assertThat(inputs)
        .contains(
            "ts:BYTES",
            "amount:FP64",
            "merchant_category:BYTES",
            "card_present:BOOL",
            "customer_age:INT64");
    assertThat(meta.get("inputs")).hasSize(model.inputs().size());
    assertThat(meta.at("/outputs/1/shape").toString()).isEqualTo("[-1,2]");
    assertThat(meta.at("/outputs/1/parameters/classes").toString()).isEqualTo("[\"0\",\"1\"]");
    assertThat(json(client.get("/v2/models/payments/versions/1")).get("name").asText())
        .isEqualTo("payments");
    assertThat(client.get("/ping").statusCode()).isEqualTo(200);
    assertThat(client.get("/health").statusCode()).isEqualTo(200);
    assertThat(client.get("/version").body()).isEqualTo("test");
  }

  static Stream<String[]> badRequests() {
    return Stream.of(
        // path, content type, body, status, message fragment
        new String[] {
          "/invocations", "application/json", "{\"dataframe_split\": {", "400", "Malformed JSON"
        },
        new String[] {
          "/invocations", "application/xml", "<a/>", "415", "application/json or text/csv"
        },
        new String[] {"/invocations", "application/json", "", "400", "body is empty"},
        new String[] {
          "/invocations",
          "application/json",
          "{\"dataframe_splitt\": {}}",
          "400",
          "Unknown field 'dataframe_splitt'"
        },
        new String[] {"/invocations", "application/json", "{}", "400", "has no input"},
        new String[] {
          "/invocations", "application/json", "{\"dataframe_records\": []}", "400", "holds no rows"
        },
        new String[] {
          "/invocations",
          "application/json",
          "{\"dataframe_records\": [{\"amount\": 1}]}",
          "400",
          "has no input 'ts'"
        },
        new String[] {
          "/invocations",
          "application/json",
          "{\"dataframe_records\": [{\"amout\": 1}]}",
          "400",
          "Unknown input 'amout'; model 'payments' takes: "
        },
        new String[] {
          "/invocations?model=nope", "application/json", "{}", "404", "No model 'nope'"
        },
        new String[] {
          "/invocations?model=payments&version=9",
          "application/json",
          "{}",
          "404",
          "has no version '9'"
        },
        new String[] {
          "/invocations?output=odds",
          "text/csv",
          "amount\n1",
          "400",
          "'output' must be 'label' or 'probability'"
        },
        new String[] {"/v2/models/nope/infer", "application/json", "{}", "404", "No model 'nope'"},
        new String[] {
          "/v2/models/payments/versions/2/infer",
          "application/json",
          "{}",
          "404",
          "has no version '2'"
        },
        new String[] {"/v2/models/payments/infer", "text/plain", "{}", "415", "application/json"},
        new String[] {
          "/v2/models/payments/infer", "application/json", "{}", "400", "has no 'inputs'"
        },
        new String[] {
          "/v2/models/payments/infer", "application/json", "[1]", "400", "must be an object"
        },
        new String[] {
          "/v2/models/payments/infer",
          "application/json",
          "{\"inputs\": [{\"name\": \"amount\"}]}",
          "400",
          "has no 'datatype'"
        },
        new String[] {
          "/v2/models/payments/infer",
          "application/json",
          "{\"inputs\": [], \"outputs\": [{\"name\": \"score\"}]}",
          "400",
          "Missing input 'ts'"
        });
  }

  @Test
  void badRequestsAnswer4xxJsonErrorsThatNameTheFault() throws Exception {
    for (String[] c : badRequests().toList()) {
      HttpResponse<String> response = client.post(c[0], c[1], c[2]);
      assertThat(response.statusCode())
          .as(c[0] + " " + c[2] + " -> " + response.body())
          .isEqualTo(Integer.parseInt(c[3]));
      assertThat(json(response).get("error").asText()).as(c[2]).contains(c[4]);
    }
  }

  @Test
  void badValuesNameTheInputAndTheRow() throws Exception {
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(2, 3));
    Map<String, Object> bad = new java.util.LinkedHashMap<>(rows.get(1));
    String[][] cases = {
      {
        "amount",
        "\"twelve\"",
        "Input 'amount' (float) needs a number but row 1 has the string 'twelve'"
      },
      {"amount", "NaN", "Input 'amount' is not nullable but row 1 is NaN"},
      {
        "account_age_days",
        "1.5",
        "Input 'account_age_days' (integer) needs an integer but row 1 has 1.5"
      },
      {
        "card_present",
        "\"yes\"",
        "Input 'card_present' (boolean) needs true or false but row 1 has the string 'yes'"
      },
      {"ts", "\"yesterday\"", "Input 'ts' (timestamp) needs an ISO-8601 timestamp"},
      {"channel", "null", "Input 'channel' is not nullable but row 1 is null"},
      {"channel", "[1]", "Input 'channel' in row 1 must be a single value"},
    };
    for (String[] c : cases) {
      bad.put(c[0], "@@");
      String body =
          Requests.records("dataframe_records", List.of(rows.get(0), bad)).replace("\"@@\"", c[1]);
      HttpResponse<String> response = client.json("/invocations", body);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(json(response).get("error").asText()).contains(c[2]);
      bad.put(c[0], rows.get(1).get(c[0]));
    }
    // nullable inputs may be null or NaN, or left out
    bad.put("customer_age", null);
    bad.remove("distance_from_home_km");
    HttpResponse<String> ok =
        client.json("/invocations", Requests.records("dataframe_records", List.of(bad)));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
  }

  @Test
  void oipChecksDatatypesAndShapes() throws Exception {
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(2, 3));
    String good = Requests.infer(model, rows, null);
    String[][] cases = {
      {
        "\"datatype\":\"FP64\",\"shape\":[2,1]",
        "\"datatype\":\"BYTES\",\"shape\":[2,1]",
        "Input 'amount' (float) cannot be sent as BYTES; send FP64"
      },
      {
        "\"datatype\":\"FP64\",\"shape\":[2,1]",
        "\"datatype\":\"FLOAT64\",\"shape\":[2,1]",
        "datatype 'FLOAT64', which the Open Inference Protocol does not define"
      },
      {
        "\"datatype\":\"FP64\",\"shape\":[2,1]",
        "\"datatype\":\"FP64\",\"shape\":[2,2]",
        "has shape [2, 2]; this model takes one column per input"
      },
      {
        "\"datatype\":\"FP64\",\"shape\":[2,1]",
        "\"datatype\":\"FP64\",\"shape\":[3]",
        "has shape [3] but 2 values"
      },
      {
        "\"datatype\":\"FP64\",\"shape\":[2,1]",
        "\"datatype\":\"FP64\",\"shap\":[2,1]",
        "Unknown field 'shap' in inputs["
      },
      {
        "\"datatype\":\"FP64\",\"shape\":[2,1]",
        "\"datatype\":64,\"shape\":[2,1]",
        "].datatype must be a string but was a number"
      },
    };
    for (String[] c : cases) {
      assertThat(good).contains(c[0]);
      HttpResponse<String> response =
          client.json(
              "/v2/models/payments/infer",
              good.replaceFirst(java.util.regex.Pattern.quote(c[0]), c[1]));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
      assertThat(json(response).get("error").asText()).contains(c[2]);
    }
  }

  @Test
  void everyAnsweredPredictionIsInTheLogAfterAGracefulStop() throws Exception {
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(3, 8));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      HttpResponse<String> r =
          i % 2 == 0
              ? client.json("/invocations", Requests.split(rows))
              : client.json("/v2/models/payments/infer", Requests.infer(model, rows, null));
      assertThat(r.statusCode()).isEqualTo(200);
      ids.add(r.headers().firstValue("X-Prediction-Id").orElseThrow());
    }
    server.close();
    service.close();
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(logDir.resolve("predictions"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        assertThat(f.getParent().getParent().getFileName().toString()).isEqualTo("model=payments");
        assertThat(f.getParent().getFileName().toString())
            .matches("hour=\\d{4}-\\d\\d-\\d\\dT\\d\\d");
        lines.addAll(Files.readAllLines(f));
      }
    }
    assertThat(lines).hasSize(600);
    assertThat(service.log().dropped()).isZero();
    List<String> logged = new ArrayList<>();
    for (String line : lines) {
      JsonNode entry = Json.mapper().readTree(line);
      logged.add(entry.get("id").asText());
      assertThat(entry.get("version").asText()).isEqualTo("1");
      assertThat(entry.at("/inputs/merchant_category").isTextual()).isTrue();
      assertThat(entry.at("/inputs/ts").asText()).endsWith("Z");
      assertThat(entry.at("/outputs/probability")).hasSize(2);
      assertThat(entry.get("latency_ms").asDouble()).isPositive();
    }
    assertThat(logged).containsAll(ids);
  }

  @Test
  void metricsCountRequestsPerModelEndpointAndStatus() throws Exception {
    List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(1, 8));
    client.json("/invocations", Requests.split(rows));
    client.json("/invocations", Requests.split(rows));
    client.json("/invocations", "{}");
    client.json("/v2/models/payments/infer", Requests.infer(model, rows, null));
    String text = client.get("/metrics").body();
    assertThat(text)
        .contains(
            "kiln_requests_seconds_count{endpoint=\"invocations\",model=\"payments\",status=\"200\",version=\"1\"} 2")
        .contains(
            "kiln_requests_seconds_count{endpoint=\"invocations\",model=\"payments\",status=\"400\",version=\"1\"} 1")
        .contains(
            "kiln_requests_seconds_count{endpoint=\"infer\",model=\"payments\",status=\"200\",version=\"1\"} 1")
        .contains("kiln_requests_seconds_bucket{")
        .contains("kiln_predicted_rows_total{model=\"payments\",version=\"1\"} 3")
        .contains("kiln_prediction_log_queue_depth")
        .contains("kiln_prediction_log_dropped_total 0")
        .contains("jvm_memory_used_bytes")
        .contains("jvm_gc_");
  }

  @Test
  void aBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
    try (KilnServer small =
        KilnServer.builder()
            .port(0)
            .maxBodyBytes(1024)
            .routes(service.routes(Routes.builder()))
            .build()
            .start()) {
      List<Map<String, Object>> rows = Requests.records(model, PaymentsModel.rows(50, 8));
      HttpResponse<String> response =
          new ServingClient(small.port()).json("/invocations", Requests.split(rows));
      assertThat(response.statusCode()).isEqualTo(413);
      assertThat(json(response).get("error_code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }
  }
}
