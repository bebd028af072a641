package dev.kiln.store;

/** Whether an experiment or run is live or in the bin (restorable until purged). */
public enum LifecycleStage {
  ACTIVE,
  DELETED;

  /** The stored and wire form: {@code active}, {@code deleted} (MLflow's). */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static LifecycleStage fromWire(String s) {
    return valueOf(s.toUpperCase(java.util.Locale.ROOT));
  }
}
