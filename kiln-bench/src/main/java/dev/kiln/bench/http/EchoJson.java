package dev.kiln.bench.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The work every candidate server does per request, so that only the HTTP stack differs: {@code GET
 * /ping} answers a constant, {@code POST /echo} parses an MLflow-style {@code dataframe_split} body
 * with Jackson and answers the sum of its numbers as {@code {"predictions":[x]}}.
 */
final class EchoJson {
  static final byte[] PING = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);
  static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EchoJson() {}

  /** Answers a parsed body; a body that is not JSON gets {@code null} (the caller answers 400). */
  static byte[] echo(byte[] body) {
    try {
      JsonNode tree = MAPPER.readTree(body);
      double sum = 0;
      for (JsonNode row : tree.path("dataframe_split").path("data")) {
        for (JsonNode value : row) {
          sum += value.asDouble();
        }
      }
      return ("{\"predictions\":[" + sum + "]}").getBytes(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return null;
    }
  }

  static final byte[] BAD = "{\"error\":\"malformed JSON\"}".getBytes(StandardCharsets.US_ASCII);
  static final byte[] NOT_FOUND = "{\"error\":\"not found\"}".getBytes(StandardCharsets.US_ASCII);
}
