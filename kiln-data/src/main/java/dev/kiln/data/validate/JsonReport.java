package dev.kiln.data.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.core.SystemException;
import dev.kiln.core.json.Json;

/**
 * A report for machines: {@code file, format, rows, valid, max_per_rule, violations[], summary[]},
 * keys in snake_case; absent values are JSON null so every object has every key.
 */
public final class JsonReport {
  private JsonReport() {}

  public static String write(ValidationReport r) {
    try {
      return Json.mapper().writeValueAsString(r) + "\n";
    } catch (JsonProcessingException e) {
      throw new SystemException("cannot write the validation report as JSON: " + e.getMessage(), e);
    }
  }
}
