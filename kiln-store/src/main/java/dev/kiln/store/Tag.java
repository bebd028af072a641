package dev.kiln.store;

/** A key/value tag on an experiment, run, registered model or model version. */
public record Tag(String key, String value) {
  public Tag {
    Checks.key("tag", key);
    Checks.value("tag '" + key + "'", value, Checks.MAX_TAG_VALUE);
  }
}
