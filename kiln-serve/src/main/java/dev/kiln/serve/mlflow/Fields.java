package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.store.Tag;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fields of one MLflow request message, read as MLflow's server reads them ({@code
 * _get_request_message} in {@code mlflow/server/handlers.py}): the query parameters of a GET that
 * has a query string, else the JSON body (an empty body is an empty message, or the query
 * parameters when there are some). The body is read as JSON whatever its Content-Type, as MLflow
 * reads it ({@code get_json(force=True)}; {@code curl -d} sends a form type). Unknown fields are
 * ignored, as MLflow ignores them.
 *
 * <p>Values are accepted in both JSON forms protobuf clients write: an int64 as a number or a
 * decimal string (MLflow's Java client sends {@code "timestamp": "1700000000000"}), a double as a
 * number, a numeric string or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"} (and the bare
 * tokens Python's {@code json} writes). Every other mismatch is a 400 that names the field.
 */
final class Fields {
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private final ObjectNode node;
  private final String prefix; // "metrics[3]." for a nested message, "" at the top

  private Fields(ObjectNode node, String prefix) {
    this.node = node;
    this.prefix = prefix;
  }

  /** The request's message: query parameters for a GET with a query string, else the body. */
  static Fields of(Request request) {
    int q = request.uri().indexOf('?');
    if (request.method().equals("GET") && q >= 0 && q < request.uri().length() - 1) {
      return new Fields(query(request.uri()), "");
    }
    if (request.bodyLength() == 0) {
      // a DELETE sent by curl with its fields in the query string
      return new Fields(q >= 0 ? query(request.uri()) : JsonNodeFactory.instance.objectNode(), "");
    }
    JsonNode body;
    try (InputStream in = request.bodyStream()) {
      body = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new HttpError(
          ErrorCode.MALFORMED_REQUEST,
          "Malformed JSON in the request body" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, "Cannot read the request body: " + e);
    }
    if (body == null || body.isMissingNode()) {
      return new Fields(JsonNodeFactory.instance.objectNode(), "");
    }
    if (!body.isObject()) {
      throw new HttpError(
          ErrorCode.MALFORMED_REQUEST,
          "The request body must be a JSON object but was " + describe(body) + ".");
    }
    return new Fields((ObjectNode) body, "");
  }

  private static ObjectNode query(String uri) {
    Map<String, List<String>> params;
    try {
      params = new QueryStringDecoder(uri).parameters();
    } catch (IllegalArgumentException e) {
      throw new HttpError(
          ErrorCode.MALFORMED_REQUEST, "The query string is not valid: " + e.getMessage());
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    params.forEach(
        (name, values) -> {
          if (values.size() == 1) {
            node.put(name, values.get(0));
          } else {
            ArrayNode array = node.putArray(name);
            values.forEach(array::add);
          }
        });
    return node;
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  /** A string field, or null when absent. */
  String string(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw invalid(name, v, "a string");
    }
    return v.textValue();
  }

  String string(String name, String orElse) {
    String s = string(name);
    return s == null ? orElse : s;
  }

  /** A string field that must be present (it may be empty). */
  String required(String name) {
    String s = string(name);
    if (s == null) {
      throw missing(name);
    }
    return s;
  }

  /** A string field that must be present and non-empty. */
  String nonEmpty(String name) {
    String s = required(name);
    if (s.isEmpty()) {
      throw missing(name);
    }
    return s;
  }

  /** {@code run_id}, or the older {@code run_uuid} MLflow clients still send. */
  String runId() {
    String id = string("run_id");
    if (id == null || id.isEmpty()) {
      id = string("run_uuid");
    }
    if (id == null || id.isEmpty()) {
      throw missing("run_id");
    }
    return id;
  }

  /** An int64 field, or null when absent. */
  Long int64(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isNumber() && v.canConvertToExactIntegral() && v.canConvertToLong()) {
      return v.longValue();
    }
    if (v.isTextual()) {
      try {
        return Long.parseLong(v.textValue().trim());
      } catch (NumberFormatException e) {
        throw invalid(name, v, "an integer");
      }
    }
    throw invalid(name, v, "an integer");
  }

  long int64(String name, long orElse) {
    Long n = int64(name);
    return n == null ? orElse : n;
  }

  long requiredInt64(String name) {
    Long n = int64(name);
    if (n == null) {
      throw missing(name);
    }
    return n;
  }

  /** An int32 field within {@code [min, max]}, or {@code orElse} when absent. */
  int int32(String name, int orElse, int min, int max) {
    Long n = int64(name);
    if (n == null) {
      return orElse;
    }
    if (n < min || n > max) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          String.format(
              "Invalid value %d for parameter '%s%s' supplied: it must be between %d and %d.",
              n, prefix, name, min, max));
    }
    return n.intValue();
  }

  /** A double that must be present; NaN and ±Infinity are values like any other. */
  double requiredDouble(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw missing(name);
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      String s = v.textValue().trim();
      switch (s) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
        case "+Infinity":
        case "inf":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
        case "-inf":
          return Double.NEGATIVE_INFINITY;
        default:
          try {
            if (!s.isEmpty() && !s.endsWith("d") && !s.endsWith("f") && !s.endsWith("D")) {
              return Double.parseDouble(s);
            }
          } catch (NumberFormatException e) {
            // the error below
          }
      }
    }
    throw invalid(name, v, "a number (a double; \"NaN\", \"Infinity\" and \"-Infinity\" too)");
  }

  /** A repeated string field (a single string counts as one), empty when absent. */
  List<String> strings(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (v.isTextual()) {
      return List.of(v.textValue());
    }
    if (!v.isArray()) {
      throw invalid(name, v, "a list of strings");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        throw invalid(name + "[" + i + "]", item, "a string");
      }
      out.add(item.textValue());
    }
    return out;
  }

  /** A repeated message field, empty when absent. */
  List<Fields> objects(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw invalid(name, v, "a list of objects");
    }
    List<Fields> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isObject()) {
        throw invalid(name + "[" + i + "]", item, "an object");
      }
      out.add(new Fields((ObjectNode) item, prefix + name + "[" + i + "]."));
    }
    return out;
  }

  /** A message field that must be present. */
  Fields object(String name) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw missing(name);
    }
    if (!v.isObject()) {
      throw invalid(name, v, "an object");
    }
    return new Fields((ObjectNode) v, prefix + name + ".");
  }

  /** The number of items of a repeated field (0 when absent). */
  int count(String name) {
    JsonNode v = node.get(name);
    return v != null && v.isArray() ? v.size() : 0;
  }

  /** A repeated {@code {key, value}} field as tags. */
  List<Tag> tags(String name) {
    List<Tag> tags = new ArrayList<>();
    for (Fields t : objects(name)) {
      tags.add(new Tag(t.nonEmpty("key"), t.required("value")));
    }
    return tags;
  }

  /** The 400 for a required field that is absent. */
  HttpError missing(String name) {
    return new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Missing value for required parameter '"
            + prefix
            + name
            + "'. See docs/rest-api.md for the request's fields.");
  }

  private HttpError invalid(String name, JsonNode value, String expected) {
    return new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid value "
            + describe(value)
            + " for parameter '"
            + prefix
            + name
            + "' supplied: expected "
            + expected
            + ".");
  }

  private static String describe(JsonNode value) {
    String text = value.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }
}
