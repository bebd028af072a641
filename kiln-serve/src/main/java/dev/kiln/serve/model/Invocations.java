package dev.kiln.serve.model;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * MLflow's scoring protocol, as {@code mlflow models serve} speaks it ({@code
 * mlflow/pyfunc/scoring_server/__init__.py}): {@code POST /invocations} with a JSON body ({@link
 * InvocationsJson}) or {@code text/csv} ({@link InvocationsCsv}), answered {@code {"predictions":
 * [...]}}; {@code GET /ping}, {@code /health} and {@code /version}.
 *
 * <p>A classifier answers its labels, as an MLflow pyfunc of a scikit-learn or XGBoost classifier
 * does ({@code model.predict}); {@code "params": {"output": "probability"}} in the body, or {@code
 * ?output=probability}, answers one list of class probabilities per row instead ({@code
 * predict_proba}), in the order of the bundle's classes. Labels that are all integers are written
 * as numbers, as pandas would. The body also carries {@code "id"}, the prediction id (also in the
 * {@code X-Prediction-Id} header); MLflow's clients read only {@code predictions}.
 *
 * <p>Which model: the registry's default (the first one served), or {@code ?model=NAME} and
 * optionally {@code &version=V}; a name whose traffic is split answers with the arm its {@code
 * X-Kiln-Route-Key} (or a random draw) picks ({@link Traffic}), and copies the request to its
 * shadows. The {@code X-Model-Name} and {@code X-Model-Version} headers say which version answered
 * (the version changes when the server follows a registry alias).
 */
final class Invocations {
  static final String ID_HEADER = "X-Prediction-Id";

  /** Which model and version answered: MLflow's body has no place for them. */
  static final String MODEL_HEADER = "X-Model-Name";

  static final String VERSION_HEADER = "X-Model-Version";
  private static final byte[] PREDICTIONS = JsonBytes.ascii("{\"predictions\":[");
  private static final byte[] ID = JsonBytes.ascii("],\"id\":");
  private static final byte[] PONG = "\n".getBytes(StandardCharsets.US_ASCII);

  private final ModelRegistry registry;
  private final Scorer scorer;
  private final ServeMetrics metrics;
  private final Shadows shadows;
  private final String version;

  Invocations(
      ModelRegistry registry,
      Scorer scorer,
      ServeMetrics metrics,
      Shadows shadows,
      String version) {
    this.registry = registry;
    this.scorer = scorer;
    this.metrics = metrics;
    this.shadows = shadows;
    this.version = version;
  }

  void addTo(Routes.Builder routes) {
    routes.add(
        Route.post("/invocations", Metered.of(metrics, "invocations", this::invoke)).onIoThread());
    routes.add(Route.get("/ping", this::ping).onIoThread().withoutAuth());
    routes.add(Route.get("/health", this::ping).onIoThread().withoutAuth());
    routes.add(
        Route.get("/version", request -> Response.text(200, version)).onIoThread().withoutAuth());
  }

  /**
   * The process is up: 200 even while models load (readiness is {@code /v2/health/ready}), so a
   * liveness probe does not restart a server that is still loading a large model.
   */
  private Response ping(Request request) {
    return Response.of(200, "application/json", PONG);
  }

  private Response invoke(Request request, Metered.Call call) throws IOException {
    String name = request.queryParam("model");
    String pinned = name == null ? null : request.queryParam("version");
    ServedModel model =
        name == null ? registry.acquireDefault(request) : registry.acquire(name, pinned, request);
    call.model = model; // released by Metered when the request is done
    String output = request.queryParam("output");
    boolean[] probabilities = {output != null && Params.output(output)};
    Batch batch = read(model, request, probabilities);
    if (probabilities[0] && !model.task().isClassification()) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "output=probability needs a classifier but model '"
              + model.name()
              + "' is a "
              + model.task()
              + " model.");
    }
    Scorer.Scored scored = scorer.score(batch, call.start);
    if (pinned == null) {
      shadows.mirror(registry, model.name(), request, scored.id(), Invocations::read);
    }
    return Response.json(200, render(scored, probabilities[0]))
        .header(ID_HEADER, scored.id())
        .header(MODEL_HEADER, model.name())
        .header(VERSION_HEADER, model.version());
  }

  /** The request's rows for {@code model} (a shadow's copy too). */
  private static Batch read(ServedModel model, Request request) throws IOException {
    return read(model, request, null);
  }

  /**
   * The request's rows for {@code model}, by its content type; sets {@code probabilities[0]} when
   * the JSON body's {@code params} ask for probabilities ({@code probabilities} may be null).
   */
  private static Batch read(ServedModel model, Request request, boolean[] probabilities)
      throws IOException {
    String type = mime(request.contentType());
    if (type.equals("text/csv")) {
      return InvocationsCsv.parse(model, request.body());
    }
    if (type.equals("application/json") || type.isEmpty()) {
      if (request.bodyLength() == 0) {
        throw new HttpError(
            ErrorCode.MALFORMED_REQUEST, "The request body is empty; expected JSON.");
      }
      Batch batch = SplitBytes.parse(model, request);
      if (batch != null) {
        return batch;
      }
      InvocationsJson.Parsed parsed =
          InvocationsJson.parse(model, request.bodyStream(), request.bodyLength());
      if (probabilities != null) {
        probabilities[0] |= parsed.probabilities();
      }
      return parsed.batch();
    }
    throw new HttpError(
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        "Content-Type must be application/json or text/csv but was '"
            + request.contentType()
            + "'.");
  }

  private static byte[] render(Scorer.Scored s, boolean probabilities) throws IOException {
    ServedModel model = s.model();
    int width = model.predictor().width();
    int n = s.batch().size();
    JsonBytes g = JsonBytes.answer(48 + n * (probabilities ? 24 * width : 12));
    g.raw(PREDICTIONS);
    int classes = model.task().classes();
    for (int r = 0; r < n; r++) {
      if (r > 0) {
        g.raw(',');
      }
      if (probabilities) {
        g.raw('[');
        for (int c = 0; c < classes; c++) {
          if (c > 0) {
            g.raw(',');
          }
          g.number(s.outputs()[r * width + c]);
        }
        g.raw(']');
      } else {
        Outputs.writePredicted(g, model, s.outputs(), r * width);
      }
    }
    g.raw(ID).string(s.id()).raw('}');
    return g.bytes();
  }

  static String mime(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
