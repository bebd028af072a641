package dev.kiln.serve.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * MLflow's inference {@code params} as Kiln reads them: {@code {"output": "probability"}} (or
 * {@code "label"}, the default) picks what a classifier answers; other keys are refused so a typo
 * does not pass silently.
 */
final class Params {
  private Params() {}

  /** Reads the {@code params} object at the parser; true when it asks for probabilities. */
  static boolean probabilities(JsonParser p) throws IOException {
    JsonScalars.require(p, JsonToken.START_OBJECT, "params");
    boolean probabilities = false;
    for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
      String key = p.currentName();
      p.nextToken();
      if (!key.equals("output")) {
        throw JsonScalars.invalid(
            "Unknown parameter 'params." + Values.clip(key) + "'; known: output");
      }
      probabilities = output(String.valueOf(JsonScalars.scalar(p, "params.output")));
    }
    return probabilities;
  }

  /** {@code probability} or {@code label}; anything else answers 400. */
  static boolean output(String value) {
    if (value.equals("probability")) {
      return true;
    }
    if (value.equals("label")) {
      return false;
    }
    throw JsonScalars.invalid(
        "Parameter 'output' must be 'label' or 'probability' but was '" + Values.clip(value) + "'");
  }
}
