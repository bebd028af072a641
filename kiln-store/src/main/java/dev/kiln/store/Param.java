package dev.kiln.store;

/** A run parameter; once logged its value cannot change (as MLflow). */
public record Param(String key, String value) {
  public Param {
    Checks.key("param", key);
    Checks.value("param '" + key + "'", value, Checks.MAX_PARAM_VALUE);
  }
}
