package dev.kiln.serve.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies for rows of a frame, in each format the server reads. */
final class Requests {
  private Requests() {}

  /** The rows as records of the model's inputs, JSON-ready values (timestamps as ISO strings). */
  static List<Map<String, Object>> records(ServedModel model, Frame frame) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int r = 0; r < frame.rowCount(); r++) {
      Map<String, Object> row = new LinkedHashMap<>();
      for (InputField f : model.inputs()) {
        Object v = frame.column(f.name()).get(r);
        if (v != null && f.type() == ColumnType.TIMESTAMP) {
          long micros = (Long) v;
          v = Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000).toString();
        }
        row.put(f.name(), v);
      }
      rows.add(row);
    }
    return rows;
  }

  static String split(List<Map<String, Object>> rows) {
    ObjectNode body = Json.mapper().createObjectNode();
    ObjectNode split = body.putObject("dataframe_split");
    ArrayNode columns = split.putArray("columns");
    rows.get(0).keySet().forEach(columns::add);
    ArrayNode data = split.putArray("data");
    for (Map<String, Object> row : rows) {
      ArrayNode values = data.addArray();
      row.values().forEach(v -> values.addPOJO(v));
    }
    return write(body);
  }

  static String records(String key, List<Map<String, Object>> rows) {
    return write(Map.of(key, rows));
  }

  static String columns(String key, List<Map<String, Object>> rows) {
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    for (Map<String, Object> row : rows) {
      row.forEach((k, v) -> columns.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }
    return write(Map.of(key, columns));
  }

  static String csv(List<Map<String, Object>> rows) {
    StringBuilder b = new StringBuilder(String.join(",", rows.get(0).keySet())).append("\r\n");
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      row.values()
          .forEach(
              v -> cells.add(v == null ? "" : "\"" + v.toString().replace("\"", "\"\"") + "\""));
      b.append(String.join(",", cells)).append('\n');
    }
    return b.toString();
  }

  static String infer(ServedModel model, List<Map<String, Object>> rows, String id) {
    ObjectNode body = Json.mapper().createObjectNode();
    if (id != null) {
      body.put("id", id);
    }
    ArrayNode inputs = body.putArray("inputs");
    for (InputField f : model.inputs()) {
      ObjectNode t = inputs.addObject();
      t.put("name", f.name());
      t.put("datatype", f.oipDatatype());
      t.putArray("shape").add(rows.size()).add(1);
      ArrayNode data = t.putArray("data");
      for (Map<String, Object> row : rows) {
        data.addArray().addPOJO(row.get(f.name())); // nested, as [[v], [v]] for shape [n, 1]
      }
    }
    return write(body);
  }

  static String write(Object value) {
    try {
      return Json.mapper()
          .writer()
          .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
