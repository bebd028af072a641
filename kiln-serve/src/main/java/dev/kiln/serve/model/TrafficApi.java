package dev.kiln.serve.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a served name splits its requests ({@link Traffic}), read and changed while it serves:
 *
 * <ul>
 *   <li>{@code GET /v1/models/{m}/traffic}: its arms with their source, version, percent and
 *       readiness, and its shadows;
 *   <li>{@code PUT /v1/models/{m}/traffic} with {@code {"percent": {"fraud@champion": 75,
 *       "fraud@challenger": 25}}}: new shares for every arm, adding up to 100 (steps of 0.01), put
 *       in place atomically: a canary's ramp, or an A/B test's end. Not kept across a restart.
 * </ul>
 */
final class TrafficApi {
  private final ModelRegistry registry;

  TrafficApi(ModelRegistry registry) {
    this.registry = registry;
  }

  void addTo(Routes.Builder routes) {
    routes.add(Route.get("/v1/models/{model}/traffic", this::show).onIoThread());
    routes.add(Route.put("/v1/models/{model}/traffic", this::change).onIoThread());
  }

  private Response show(Request request) {
    String name = request.pathParam("model");
    Traffic traffic = registry.traffic(name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", name);
    List<Object> arms = new ArrayList<>();
    List<Object> shadows = new ArrayList<>();
    if (traffic == null) {
      ServedModel m = registry.resolve(name, null);
      Map<String, Object> arm = new LinkedHashMap<>();
      arm.put("version", m.version());
      arm.put("percent", 100);
      arm.put("ready", true);
      arms.add(arm);
    } else {
      for (Traffic.Arm a : traffic.arms()) {
        Map<String, Object> arm = new LinkedHashMap<>();
        arm.put("source", a.label());
        arm.put("version", a.model() == null ? null : a.model().version());
        if (!a.shadow()) {
          arm.put("percent", new BigDecimal(Traffic.percent(a.share())));
        }
        arm.put("ready", a.model() != null);
        (a.shadow() ? shadows : arms).add(arm);
      }
    }
    out.put("arms", arms);
    out.put("shadows", shadows);
    out.put("route_key_header", Traffic.ROUTE_KEY_HEADER);
    return Response.json(out);
  }

  private Response change(Request request) {
    String name = request.pathParam("model");
    JsonNode body = request.json();
    if (!body.isObject()) {
      throw invalid("The body must be a JSON object like {\"percent\": {\"ARM\": 90, ...}}.");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("percent")) {
        throw invalid("Unknown field '" + field + "'; the body has one field, 'percent'.");
      }
    }
    JsonNode percent = body.get("percent");
    if (percent == null || !percent.isObject() || percent.isEmpty()) {
      throw invalid(
          "Field 'percent' must be an object giving each arm its percent, like {\"ARM\": 90}.");
    }
    Map<String, Integer> shares = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = percent.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      shares.put(e.getKey(), basisPoints("percent." + e.getKey(), e.getValue()));
    }
    registry.shares(name, shares);
    return show(request);
  }

  /** A percent 0..100 in steps of 0.01, as basis points; 400 naming {@code field} otherwise. */
  private static int basisPoints(String field, JsonNode value) {
    if (!value.isNumber()) {
      throw invalid("Field '" + field + "' must be a number from 0 to 100 but was " + value + ".");
    }
    try {
      return ModelSource.basisPoints(value.decimalValue());
    } catch (IllegalArgumentException e) {
      throw invalid("Field '" + field + "' " + e.getMessage() + " but was " + value + ".");
    }
  }

  private static HttpError invalid(String message) {
    return new HttpError(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
