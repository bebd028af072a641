package dev.kiln.serve.model;

import dev.kiln.core.UserException;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Routes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Sends a model twenty example requests in-process (one row and 32 rows, both protocols in turn)
 * before it serves, so the first real request does not pay for class loading and the cold paths,
 * and a model that cannot answer its own example is refused before it is swapped in. Nothing is
 * logged or counted in the server's metrics.
 */
public final class Warmup {
  // Five of each kind load every class of the request paths. 200 (measured on an idle machine,
  // docs/serving.md "Start-up time") cost 1.3 s more CPU to ready, on two cores mostly the JIT, and
  // the first 1000 requests after ready were hardly faster (p99 3.4 against 4.0 ms).
  private static final int REQUESTS = 20;

  private Warmup() {}

  /**
   * Warms {@code model} through the scoring routes of a private registry; a {@link UserException}
   * when the model does not answer its example.
   */
  public static void run(ServedModel model) {
    ModelRegistry own = new ModelRegistry(); // never closed: the caller owns the model
    own.put(model);
    try (ServeMetrics metrics = new ServeMetrics()) {
      Scorer scorer = new Scorer(null, metrics, Clock.systemUTC(), "warmup");
      Shadows none = new Shadows(scorer, metrics); // the private registry has no shadows
      Routes.Builder builder = Routes.builder();
      new OipV2(own, scorer, metrics, none, "warmup").addTo(builder);
      new Invocations(own, scorer, metrics, none, "warmup").addTo(builder);
      Routes routes = builder.build();
      // Both protocols, one row and 32, in turn: a client of either finds its path warm.
      String infer = "/v2/models/" + encode(model.name()) + "/infer";
      String[] uris = {"/invocations", infer, "/invocations", infer};
      String[] bodies = {
        splitBody(model, 1), inferBody(model, 1), splitBody(model, 32), inferBody(model, 32)
      };
      for (int i = 0; i < REQUESTS; i++) {
        int k = i % uris.length;
        check(model, routes.respond(post(uris[k], bodies[k])));
      }
    }
  }

  /** An MLflow {@code dataframe_split} body of {@code rows} example rows for {@code model}. */
  public static String splitBody(ServedModel model, int rows) {
    List<String> names = new ArrayList<>();
    for (InputField f : model.inputs()) {
      names.add(quote(f.name()));
    }
    String row = "[" + String.join(", ", example(model)) + "]";
    List<String> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      data.add(row);
    }
    return "{\"dataframe_split\": {\"columns\": ["
        + String.join(", ", names)
        + "], \"data\": ["
        + String.join(", ", data)
        + "]}}";
  }

  /** {@code s} as a URL path segment. */
  public static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void check(ServedModel model, Response response) {
    if (response.status() != 200) {
      throw new UserException(
          "Model "
              + model
              + " does not answer its own example request while warming up: "
              + response.bodyText());
    }
  }

  private static Request post(String uri, String body) {
    return Request.of(
        "POST",
        uri,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** An example value of each input, as JSON text. */
  private static List<String> example(ServedModel model) {
    List<String> values = new ArrayList<>();
    for (InputField f : model.inputs()) {
      switch (f.type()) {
        case INTEGER:
          values.add("0");
          break;
        case FLOAT:
          values.add("0.0");
          break;
        case BOOLEAN:
          values.add("false");
          break;
        case TIMESTAMP:
          values.add("\"2025-01-01T00:00:00Z\"");
          break;
        default:
          values.add(quote(f.categories().isEmpty() ? "a" : f.categories().get(0)));
      }
    }
    return values;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String inferBody(ServedModel model, int rows) {
    List<String> tensors = new ArrayList<>();
    List<String> values = example(model);
    for (InputField f : model.inputs()) {
      String data = String.join(", ", Collections.nCopies(rows, values.get(f.position())));
      tensors.add(
          "{\"name\": "
              + quote(f.name())
              + ", \"datatype\": \""
              + f.oipDatatype()
              + "\", \"shape\": ["
              + rows
              + "], \"data\": ["
              + data
              + "]}");
    }
    return "{\"inputs\": [" + String.join(", ", tensors) + "]}";
  }
}
