package dev.kiln.serve.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.learn.Task;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v1/feedback}, read and checked: one item, or {@code {"feedback": [...]}}
 * holding many. An item is
 *
 * <pre>{"prediction_id": "3b28ee8ef5c1-1f", "row": 3, "outcome": 1, "model": "fraud"}</pre>
 *
 * {@code prediction_id} is the request's id ({@code X-Prediction-Id}); {@code row} picks a row of a
 * batch (default 0); {@code outcome} is the true value (a class label for a classifier, a number
 * for a regressor); {@code model} is optional. The names follow the monitoring tools that join
 * delayed ground truth to logged predictions: Arize's {@code prediction_id}, and one neutral word
 * for the truth where Arize says {@code actual_label}/{@code actual_score} and Seldon {@code
 * truth}.
 *
 * <p>Every item is checked before anything is written, and the first bad one rejects the request
 * with a message naming its index and field ({@code feedback[2].outcome}). What can be checked
 * depends on what the server knows: an id with this server's instance prefix but a counter it never
 * reached is 404; an id it issued recently ({@link IssuedIds}) has a known model and row count, so
 * the row and the outcome's kind are checked; an id with another prefix may come from another
 * replica and is accepted (its outcome checked against {@code model} when that is given).
 */
final class FeedbackRequest {
  static final int MAX_ITEMS = 10_000;
  private static final Set<String> ITEM_FIELDS = Set.of("prediction_id", "row", "outcome", "model");
  private static final Pattern ID = Pattern.compile("(.+)-([0-9a-f]{1,16})");

  /**
   * One checked item. {@code outcome} is a String, Long, Double or Boolean; {@code model} is null
   * when unknown, {@code version} when the prediction is not among the recent ones remembered.
   */
  record Item(String predictionId, int row, Object outcome, String model, String version) {}

  private final ModelRegistry registry;
  private final IssuedIds ids;

  FeedbackRequest(ModelRegistry registry, IssuedIds ids) {
    this.registry = registry;
    this.ids = ids;
  }

  /** The checked items of a parsed body; throws a 4xx {@link HttpError} at the first fault. */
  List<Item> read(JsonNode body) {
    if (!body.isObject()) {
      throw invalid(
          "The feedback body must be a JSON object, one item or {\"feedback\": [...]}, but was "
              + kind(body)
              + ".");
    }
    if (!body.has("feedback")) {
      return List.of(item(body, ""));
    }
    if (body.size() > 1) {
      throw invalid(
          "A feedback body holds either one item or only 'feedback' (a list of items) but this one"
              + " also has "
              + otherThan(body, "feedback")
              + ".");
    }
    JsonNode list = body.get("feedback");
    if (!list.isArray()) {
      throw invalid("'feedback' must be a list of items but was " + kind(list) + ".");
    }
    if (list.isEmpty()) {
      throw invalid("'feedback' holds no items; send at least one.");
    }
    if (list.size() > MAX_ITEMS) {
      throw invalid(
          "'feedback' holds "
              + list.size()
              + " items; send at most "
              + MAX_ITEMS
              + " per request.");
    }
    List<Item> items = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      items.add(item(list.get(i), "feedback[" + i + "]."));
    }
    return items;
  }

  private Item item(JsonNode item, String at) {
    String where = at.isEmpty() ? "The feedback item" : at.substring(0, at.length() - 1);
    if (!item.isObject()) {
      throw invalid(where + " must be an object but was " + kind(item) + ".");
    }
    for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!ITEM_FIELDS.contains(name)) {
        throw invalid(
            where
                + " has an unknown field '"
                + Values.clip(name)
                + "'; expected prediction_id, row, outcome and optionally model.");
      }
    }
    String id = predictionId(item.get("prediction_id"), at);
    IssuedIds.Known known = known(id, at);
    ServedModel model = model(item.get("model"), known, id, at);
    int row = row(item.get("row"), known, id, at);
    Object outcome = outcome(item.get("outcome"), model, at);
    return new Item(
        id,
        row,
        outcome,
        model == null ? null : model.name(),
        known == null ? null : known.model().version());
  }

  private static String predictionId(JsonNode v, String at) {
    if (v == null || v.isNull()) {
      throw invalid(
          at
              + "prediction_id is missing; send the id a prediction answered with (its"
              + " X-Prediction-Id header).");
    }
    if (!v.isTextual()) {
      throw invalid(at + "prediction_id must be a string but was " + kind(v) + ".");
    }
    String id = v.asText();
    if (id.length() > 200 || !ID.matcher(id).matches()) {
      throw invalid(
          at
              + "prediction_id '"
              + Values.clip(id)
              + "' is not a prediction id; expected INSTANCE-COUNTER (hex), as in the"
              + " X-Prediction-Id header, e.g. 3b28ee8ef5c1-1f.");
    }
    return id;
  }

  /** What this server remembers of the id; 404 for an id with its prefix that it never issued. */
  private IssuedIds.Known known(String id, String at) {
    Matcher m = ID.matcher(id);
    if (!m.matches() || !m.group(1).equals(ids.instance())) {
      return null; // another replica's (or an earlier run's) id
    }
    long counter = Long.parseUnsignedLong(m.group(2), 16);
    long issued = ids.issued();
    if (counter == 0 || Long.compareUnsigned(counter, issued) > 0) {
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          at
              + "prediction_id '"
              + id
              + "' was never issued: this server ("
              + ids.instance()
              + ") has issued "
              + (issued == 0
                  ? "no ids yet"
                  : "ids up to " + ids.instance() + "-" + Long.toHexString(issued))
              + ".");
    }
    return ids.lookup(counter);
  }

  private ServedModel model(JsonNode v, IssuedIds.Known known, String id, String at) {
    if (v == null || v.isNull()) {
      return known == null ? null : known.model();
    }
    if (!v.isTextual()) {
      throw invalid(at + "model must be a string but was " + kind(v) + ".");
    }
    String name = v.asText();
    if (known != null) {
      if (!known.model().name().equals(name)) {
        throw invalid(
            at
                + "model is '"
                + Values.clip(name)
                + "' but prediction "
                + id
                + " was answered by model '"
                + known.model().name()
                + "'.");
      }
      return known.model();
    }
    try {
      return registry.resolve(name, null);
    } catch (HttpError e) {
      throw new HttpError(e.code(), at + "model: " + e.getMessage());
    }
  }

  private static int row(JsonNode v, IssuedIds.Known known, String id, String at) {
    if (v == null || v.isNull()) {
      if (known != null && known.rows() > 1) {
        throw invalid(
            at
                + "row is missing but prediction "
                + id
                + " has "
                + known.rows()
                + " rows; say which with 'row' (0 to "
                + (known.rows() - 1)
                + ").");
      }
      return 0;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 0) {
      throw invalid(
          at + "row must be a whole number from 0 (the row's index) but was " + show(v) + ".");
    }
    int row = v.asInt();
    if (known != null && row >= known.rows()) {
      throw invalid(
          at
              + "row is "
              + row
              + " but prediction "
              + id
              + " has "
              + known.rows()
              + (known.rows() == 1 ? " row (row 0)." : " rows (0 to " + (known.rows() - 1) + ")."));
    }
    return row;
  }

  /** The outcome as it will be written: normalised to the model's kind of value when known. */
  private static Object outcome(JsonNode v, ServedModel model, String at) {
    if (v == null) {
      throw invalid(at + "outcome is missing; send the true value (a class label or a number).");
    }
    if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
      throw invalid(
          at
              + "outcome must be a class label (a string or a whole number) or a number but was "
              + kind(v)
              + ".");
    }
    if (v.isNumber() && !Double.isFinite(v.asDouble())) {
      throw invalid(at + "outcome must be a finite number but was " + show(v) + ".");
    }
    if (model == null) {
      if (v.isTextual()) {
        return v.asText();
      }
      if (v.isBoolean()) {
        return v.asBoolean();
      }
      return v.isIntegralNumber() && v.canConvertToLong() ? (Object) v.asLong() : v.asDouble();
    }
    Task task = model.task();
    if (task.isClassification()) {
      String label = label(v);
      List<String> classes = model.predictor().classes();
      if (label == null || !classes.contains(label)) {
        throw invalid(
            at
                + "outcome is "
                + show(v)
                + " but model '"
                + model.name()
                + "' has the classes "
                + String.join(", ", classes)
                + ".");
      }
      return model.integerLabels() ? (Object) Long.parseLong(label) : label;
    }
    if (task.kind() == Task.Kind.CLUSTERING) {
      throw invalid(
          at
              + "outcome cannot be checked: model '"
              + model.name()
              + "' is a clustering model, which predicts no outcome to compare with.");
    }
    if (!v.isNumber()) {
      throw invalid(
          at
              + "outcome must be a number for the regression model '"
              + model.name()
              + "' but was "
              + show(v)
              + ".");
    }
    return v.asDouble();
  }

  /** A JSON value as a class label's text: strings as they are, whole numbers in decimal. */
  private static String label(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isBoolean()) {
      return Boolean.toString(v.asBoolean());
    }
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    double d = v.asDouble();
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : null;
  }

  private static String otherThan(JsonNode body, String key) {
    List<String> others = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            n -> {
              if (!n.equals(key)) {
                others.add("'" + Values.clip(n) + "'");
              }
            });
    return String.join(", ", others);
  }

  private static String show(JsonNode v) {
    return v.isTextual()
        ? "the string '" + Values.clip(v.asText()) + "'"
        : Values.clip(v.toString());
  }

  private static String kind(JsonNode v) {
    if (v.isArray()) {
      return "a list";
    }
    if (v.isObject()) {
      return "an object";
    }
    if (v.isNull()) {
      return "null";
    }
    return show(v);
  }

  private static HttpError invalid(String message) {
    return new HttpError(ErrorCode.INVALID_PARAMETER_VALUE, message);
  }
}
