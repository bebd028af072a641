package dev.kiln.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.SystemException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.source.DuckDb;
import dev.kiln.data.source.FileSource;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.serve.model.InputField;
import dev.kiln.serve.model.ModelRegistry;
import dev.kiln.serve.model.ModelService;
import dev.kiln.serve.model.ServedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The quickstart's serving step: the champion answers real HTTP requests on a free port for a
 * moment — MLflow's {@code /invocations} with a few held-out payments, one Open Inference Protocol
 * {@code infer}, then {@code /v1/feedback} with their true labels — and DuckDB joins the prediction
 * log with the feedback. The server then stops gracefully, as {@code kiln serve} does on Ctrl-C.
 */
final class QuickstartServing {
  /** What the step did, for the caller's "Next:" lines and for tests. */
  record Served(String batchId, String inferId, int feedback, String example) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintWriter out;

  QuickstartServing(PrintWriter out) {
    this.out = out;
  }

  Served run(Path bundle, String name, int version, Path holdout, Path logDir) {
    try (Predictor predictor = Predictor.load(bundle)) {
      ServedModel model = ServedModel.of(name, Integer.toString(version), predictor);
      ModelRegistry registry = new ModelRegistry();
      registry.put(model);
      Frame rows = read(predictor, holdout);
      int[] picked = pick(rows);
      Served served;
      ModelService service = ModelService.builder().registry(registry).logDir(logDir).build();
      try (KilnServer server =
          KilnServer.builder().port(0).routes(service.routes(Routes.builder())).build().start()) {
        String url = "http://127.0.0.1:" + server.port();
        out.printf("[7] served %s/%d on %s and sent it real requests:%n", name, version, url);
        served = talk(url, model, rows, picked);
      } finally {
        service.close(); // after the server: every logged prediction is written
      }
      out.printf(
          "    stopped the server; logs in %s and %s%n",
          logDir.resolve("predictions"), logDir.resolve("feedback"));
      out.printf("    DuckDB joins them: %s%n", join(logDir, served.feedback()));
      return served;
    } catch (IOException e) {
      throw new SystemException("the quickstart could not talk to its model server: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("interrupted while talking to the model server", e);
    }
  }

  private Served talk(String url, ServedModel model, Frame rows, int[] picked)
      throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    LongColumn truth = (LongColumn) rows.column("is_fraud");

    ObjectNode split = JSON.createObjectNode();
    ObjectNode frame = split.putObject("dataframe_split");
    ArrayNode columns = frame.putArray("columns");
    model.inputs().forEach(f -> columns.add(f.name()));
    ArrayNode data = frame.putArray("data");
    for (int i = 0; i < picked.length - 1; i++) {
      ArrayNode row = data.addArray();
      for (InputField f : model.inputs()) {
        row.addPOJO(value(rows, f, picked[i]));
      }
    }
    int batch = picked.length - 1;
    JsonNode invoked = post(client, url + "/invocations", split);
    String batchId = invoked.get("id").asText();
    line(
        "POST /invocations (" + batch + " payments)",
        "predictions " + invoked.get("predictions"),
        batchId);

    int last = picked[picked.length - 1];
    ObjectNode infer = JSON.createObjectNode();
    ArrayNode inputs = infer.putArray("inputs");
    for (InputField f : model.inputs()) {
      ObjectNode tensor = inputs.addObject();
      tensor.put("name", f.name());
      tensor.put("datatype", f.oipDatatype());
      tensor.putArray("shape").add(1);
      tensor.putArray("data").addPOJO(value(rows, f, last));
    }
    infer.putArray("outputs").addObject().put("name", "probability");
    JsonNode inferred = post(client, url + "/v2/models/" + model.name() + "/infer", infer);
    String inferId = inferred.at("/parameters/prediction_id").asText();
    JsonNode probability = inferred.at("/outputs/0/data");
    line(
        "POST /v2/models/" + model.name() + "/infer (1 payment)",
        String.format(
            "probability [%.4f, %.4f]",
            probability.get(0).asDouble(), probability.get(1).asDouble()),
        inferId);

    ObjectNode feedback = JSON.createObjectNode();
    ArrayNode items = feedback.putArray("feedback");
    for (int i = 0; i < batch; i++) {
      items
          .addObject()
          .put("prediction_id", batchId)
          .put("row", i)
          .put("outcome", truth.value(picked[i]));
    }
    items.addObject().put("prediction_id", inferId).put("outcome", truth.value(last));
    JsonNode accepted = post(client, url + "/v1/feedback", feedback);
    StringBuilder outcomes = new StringBuilder();
    for (int i = 0; i < picked.length; i++) {
      outcomes.append(i == 0 ? "" : ", ").append(truth.value(picked[i]));
    }
    line(
        "POST /v1/feedback (" + items.size() + " outcomes)",
        accepted + ", the true is_fraud of each: [" + outcomes + "]",
        null);
    ObjectNode one = split.deepCopy();
    ArrayNode first = (ArrayNode) one.at("/dataframe_split/data");
    while (first.size() > 1) {
      first.remove(first.size() - 1);
    }
    return new Served(
        batchId, inferId, accepted.get("accepted").asInt(), JSON.writeValueAsString(one));
  }

  private void line(String request, String answer, String id) {
    out.printf("    %-40s 200  %s%s%n", request, answer, id == null ? "" : "  id " + id);
  }

  private static JsonNode post(HttpClient client, String url, JsonNode body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new SystemException(
          "the quickstart's model server answered "
              + response.statusCode()
              + " to POST "
              + URI.create(url).getPath()
              + ": "
              + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The held-out payments with the model's input types (and the label). */
  private static Frame read(Predictor predictor, Path holdout) {
    Schema schema =
        new Schema(predictor.manifest().signature().stream().map(s -> s.toField()).toList());
    return new FileSource(holdout, Optional.of(schema)).read();
  }

  /** Three ordinary payments and the first fraud: the batch, then the one-row request. */
  private static int[] pick(Frame rows) {
    LongColumn truth = (LongColumn) rows.column("is_fraud");
    List<Integer> picked = new ArrayList<>();
    int fraud = -1;
    for (int r = 0; r < rows.rowCount() && (picked.size() < 3 || fraud < 0); r++) {
      if (truth.value(r) == 1 && fraud < 0) {
        fraud = r;
      } else if (truth.value(r) == 0 && picked.size() < 3) {
        picked.add(r);
      }
    }
    picked.add(fraud < 0 ? rows.rowCount() - 1 : fraud);
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A cell as JSON would carry it: timestamps as ISO-8601 text. */
  private static Object value(Frame rows, InputField f, int r) {
    Object v = rows.column(f.name()).get(r);
    if (v != null && f.type() == ColumnType.TIMESTAMP) {
      long micros = (Long) v;
      return Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
          .toString();
    }
    return v;
  }

  /** The prediction log joined with the feedback log, summarised in a line. */
  private static String join(Path logDir, int expected) {
    String predictions = logDir.resolve("predictions/*/*/*.jsonl").toString();
    String feedback = logDir.resolve("feedback/*/*.jsonl").toString();
    String sql =
        "SELECT count(*) AS n, count(*) FILTER (WHERE p.outputs.predict = f.outcome) AS right"
            + " FROM read_json_auto("
            + DuckDb.literal(predictions)
            + ", hive_partitioning = true) p JOIN read_json_auto("
            + DuckDb.literal(feedback)
            + ", hive_partitioning = true) f ON f.prediction_id = p.id AND f.row = p.row";
    try (Connection db = DuckDb.open(false);
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      long n = rs.getLong("n");
      if (n < expected) {
        throw new SystemException(
            "the quickstart found " + n + " of its " + expected + " outcomes in the logs");
      }
      return String.format(
          "%d predictions with their true outcome, %d predicted right", n, rs.getLong("right"));
    } catch (SQLException e) {
      throw new SystemException("DuckDB could not join the quickstart's logs: " + e, e);
    }
  }
}
