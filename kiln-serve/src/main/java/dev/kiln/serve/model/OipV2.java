package dev.kiln.serve.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Open Inference Protocol v2 (KServe "Predict Protocol - Version 2", also Triton's and Seldon
 * MLServer's HTTP/REST API): server and model health, server and model metadata, and inference.
 *
 * <ul>
 *   <li>{@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready}
 *   <li>{@code GET /v2/models/{m}[/versions/{v}]} (metadata), {@code …/ready}
 *   <li>{@code POST /v2/models/{m}[/versions/{v}]/infer} ({@link InferRequest})
 * </ul>
 *
 * The model metadata's inputs are the bundle's signature, one tensor per column ({@code shape
 * [-1]}, datatype INT64, FP64, BOOL or BYTES); its outputs are {@code predict} and, for a
 * classifier, {@code probability} ({@code FP64 [-1, classes]}, the classes in {@code parameters}).
 * A response's {@code id} is the request's, when it gave one (the spec's rule); the prediction id
 * is in {@code parameters.prediction_id} and the {@code X-Prediction-Id} header.
 */
final class OipV2 {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  private final ModelRegistry registry;
  private final Scorer scorer;
  private final ServeMetrics metrics;
  private final Shadows shadows;
  private final String version;

  OipV2(
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
    routes.add(Route.get("/v2", this::server).onIoThread());
    routes.add(
        Route.get("/v2/health/live", r -> Response.json(Map.of("live", true)))
            .onIoThread()
            .withoutAuth());
    routes.add(Route.get("/v2/health/ready", this::serverReady).onIoThread().withoutAuth());
    for (boolean versioned : new boolean[] {false, true}) {
      String base = versioned ? "/v2/models/{model}/versions/{version}" : "/v2/models/{model}";
      routes.add(Route.get(base, r -> metadata(model(r, versioned))).onIoThread());
      routes.add(Route.get(base + "/ready", r -> modelReady(r, versioned)).onIoThread());
      routes.add(
          Route.post(
                  base + "/infer",
                  Metered.of(metrics, "infer", (r, call) -> infer(r, call, versioned)))
              .onIoThread());
    }
  }

  private Response server(Request request) {
    return Response.json(
        Map.of("name", "kiln", "version", version, "extensions", List.of("binary_tensor_data")));
  }

  private Response serverReady(Request request) {
    boolean ready = registry.ready();
    Response response = Response.json(ready ? 200 : 503, Map.of("ready", ready));
    return ready ? response : response.header("Retry-After", "1");
  }

  private ServedModel model(Request request, boolean versioned) {
    return registry.resolve(
        request.pathParam("model"), versioned ? request.pathParam("version") : null);
  }

  private Response modelReady(Request request, boolean versioned) {
    String name = request.pathParam("model");
    if (registry.isLoading(name)) {
      return Response.json(503, Map.of("name", name, "ready", false)).header("Retry-After", "1");
    }
    ServedModel m = model(request, versioned);
    return Response.json(Map.of("name", m.name(), "ready", true));
  }

  private Response metadata(ServedModel m) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.writeStartObject();
      g.writeStringField("name", m.name());
      g.writeArrayFieldStart("versions");
      for (String v : registry.versions(m.name())) {
        g.writeString(v);
      }
      g.writeEndArray();
      g.writeStringField("platform", "kiln_" + m.predictor().manifest().learner().library());
      g.writeArrayFieldStart("inputs");
      for (InputField f : m.inputs()) {
        g.writeStartObject();
        g.writeStringField("name", f.name());
        g.writeStringField("datatype", f.oipDatatype());
        g.writeArrayFieldStart("shape");
        g.writeNumber(-1);
        g.writeEndArray();
        g.writeObjectFieldStart("parameters");
        g.writeStringField("type", f.type().key());
        g.writeBooleanField("nullable", f.nullable());
        if (!f.categories().isEmpty()) {
          g.writeArrayFieldStart("categories");
          for (String c : f.categories()) {
            g.writeString(c);
          }
          g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("outputs");
      for (String name : Outputs.names(m)) {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("datatype", Outputs.datatype(m, name));
        g.writeArrayFieldStart("shape");
        g.writeNumber(-1);
        if (name.equals(Outputs.PROBABILITY)) {
          g.writeNumber(m.task().classes());
        }
        g.writeEndArray();
        if (name.equals(Outputs.PROBABILITY)) {
          g.writeObjectFieldStart("parameters");
          g.writeArrayFieldStart("classes");
          for (String c : m.predictor().classes()) {
            g.writeString(c);
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("parameters");
      g.writeStringField("task", m.task().toString());
      g.writeEndObject();
      g.writeEndObject();
    }
    return Response.json(200, bytes.toByteArray());
  }

  private Response infer(Request request, Metered.Call call, boolean versioned) throws IOException {
    String name = request.pathParam("model");
    String pinned = versioned ? request.pathParam("version") : null;
    ServedModel model = registry.acquire(name, pinned, request);
    call.model = model; // released by Metered when the request is done
    InferRequest infer = read(model, request);
    List<String> outputs = outputs(model, infer.outputs());
    Scorer.Scored scored = scorer.score(infer.batch(), call.start);
    if (pinned == null) {
      shadows.mirror(registry, name, request, scored.id(), (m, copy) -> read(m, copy).batch());
    }
    return render(scored, infer, outputs).header(Invocations.ID_HEADER, scored.id());
  }

  /** The inference request for {@code model} (a shadow's copy too): JSON, or JSON and binary. */
  private static InferRequest read(ServedModel model, Request request) throws IOException {
    String type = Invocations.mime(request.contentType());
    String binaryHeader = request.header(BinaryTensors.HEADER); // the binary data extension's
    boolean binaryBody = binaryHeader != null;
    if (!type.isEmpty()
        && !type.equals("application/json")
        && !(binaryBody && type.equals("application/octet-stream"))) {
      throw new HttpError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json (or application/octet-stream with "
              + BinaryTensors.HEADER
              + ") but was '"
              + request.contentType()
              + "'.");
    }
    if (request.bodyLength() == 0) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, "The request body is empty; expected JSON.");
    }
    byte[] body = request.body();
    if (binaryBody) {
      int json = jsonLength(binaryHeader, body.length);
      return InferRequest.parse(
          model,
          new ByteArrayInputStream(body, 0, json),
          new BinaryTensors.Part(body, json, body.length));
    }
    InferRequest infer = InferBytes.read(model, body, body.length);
    return infer != null ? infer : InferRequest.parse(model, request.bodyStream());
  }

  /** The JSON part's length a binary request states: 1 … the body's length. */
  private static int jsonLength(String header, int body) {
    long n;
    try {
      n = Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > body) {
      throw new HttpError(
          ErrorCode.MALFORMED_REQUEST,
          "The "
              + BinaryTensors.HEADER
              + " header must be the length of the body's JSON part, 1 to "
              + body
              + " bytes, but was '"
              + Values.clip(header)
              + "'.");
    }
    return (int) n;
  }

  private static List<String> outputs(ServedModel model, List<String> requested) {
    List<String> known = Outputs.names(model);
    if (requested.isEmpty()) {
      return known;
    }
    List<String> outputs = new ArrayList<>();
    for (String name : requested) {
      if (!known.contains(name)) {
        throw new HttpError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Unknown output '"
                + Values.clip(name)
                + "'; model '"
                + model.name()
                + "' has outputs: "
                + String.join(", ", known)
                + ".");
      }
      if (!outputs.contains(name)) {
        outputs.add(name);
      }
    }
    return outputs;
  }

  /** The fixed text of a model's answers, encoded once rather than per response. */
  private record Prepared(
      ServedModel model, byte[] head, byte[] predictHead, byte[] probabilityHead) {
    static Prepared of(ServedModel m) {
      return new Prepared(
          m,
          JsonBytes.concat(
              JsonBytes.ascii("{\"model_name\":"),
              JsonBytes.quoted(m.name()),
              JsonBytes.ascii(",\"model_version\":"),
              JsonBytes.quoted(m.version()),
              JsonBytes.ascii(",\"id\":")),
          output(m, Outputs.PREDICT),
          output(m, Outputs.PROBABILITY));
    }

    private static byte[] output(ServedModel m, String name) {
      return JsonBytes.concat(
          JsonBytes.ascii("{\"name\":"),
          JsonBytes.quoted(name),
          JsonBytes.ascii(",\"datatype\":"),
          JsonBytes.quoted(Outputs.datatype(m, name)),
          JsonBytes.ascii(",\"shape\":["));
    }
  }

  private static final byte[] PARAMETERS = JsonBytes.ascii(",\"parameters\":{\"prediction_id\":");
  private static final byte[] OUTPUTS = JsonBytes.ascii("},\"outputs\":[");
  private static final byte[] DATA = JsonBytes.ascii("],\"data\":[");
  private static final byte[] CLOSE = JsonBytes.ascii("]}");
  private static final byte[] BINARY_SIZE =
      JsonBytes.ascii("],\"parameters\":{\"binary_data_size\":");
  private static final byte[] CLOSE_BINARY = JsonBytes.ascii("}}");

  /** The last model answered (a race only prepares a model twice). */
  private static volatile Prepared prepared;

  private static Response render(Scorer.Scored s, InferRequest infer, List<String> outputs)
      throws IOException {
    String requestId = infer.id();
    ServedModel model = s.model();
    Prepared names = prepared;
    if (names == null || names.model() != model) {
      names = Prepared.of(model);
      prepared = names;
    }
    int n = s.batch().size();
    int width = model.predictor().width();
    JsonBytes g = JsonBytes.answer(200 + n * 24 * (width + 1));
    g.raw(names.head()).string(requestId == null ? s.id() : requestId);
    g.raw(PARAMETERS).string(s.id()).raw(OUTPUTS);
    ByteArrayOutputStream binary = null; // the outputs answered as binary data, in order
    for (int o = 0; o < outputs.size(); o++) {
      boolean probability = outputs.get(o).equals(Outputs.PROBABILITY);
      if (o > 0) {
        g.raw(',');
      }
      g.raw(probability ? names.probabilityHead() : names.predictHead()).number(n);
      if (probability) {
        g.raw(',').number(width);
      }
      if (infer.binary(outputs.get(o))) {
        byte[] data = probability ? probabilities(s) : predictions(s);
        binary = binary == null ? new ByteArrayOutputStream(data.length) : binary;
        binary.writeBytes(data);
        g.raw(BINARY_SIZE).number(data.length).raw(CLOSE_BINARY);
        continue;
      }
      g.raw(DATA);
      for (int r = 0; r < n; r++) {
        if (probability) {
          for (int c = 0; c < width; c++) {
            if (r > 0 || c > 0) {
              g.raw(',');
            }
            g.number(s.outputs()[r * width + c]);
          }
        } else {
          if (r > 0) {
            g.raw(',');
          }
          Outputs.writePredicted(g, model, s.outputs(), r * width);
        }
      }
      g.raw(CLOSE);
    }
    g.raw(CLOSE);
    byte[] json = g.bytes();
    if (binary == null) {
      return Response.json(200, json);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(json.length + binary.size());
    body.writeBytes(json);
    binary.writeTo(body);
    return Response.of(200, "application/octet-stream", body.toByteArray())
        .header(BinaryTensors.HEADER, Integer.toString(json.length));
  }

  /** The probability output as binary data: FP64, little-endian, row-major. */
  private static byte[] probabilities(Scorer.Scored s) {
    double[] out = s.outputs();
    int values = s.batch().size() * s.model().predictor().width();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * values);
    for (int i = 0; i < values; i++) {
      Outputs.putLittleEndian(bytes, Double.doubleToRawLongBits(out[i]), 8);
    }
    return bytes.toByteArray();
  }

  /** The predict output as binary data, in its datatype ({@link Outputs#putPredicted}). */
  private static byte[] predictions(Scorer.Scored s) {
    int width = s.model().predictor().width();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * s.batch().size());
    for (int r = 0; r < s.batch().size(); r++) {
      Outputs.putPredicted(bytes, s.model(), s.outputs(), r * width);
    }
    return bytes.toByteArray();
  }
}
