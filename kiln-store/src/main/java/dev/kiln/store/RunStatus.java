package dev.kiln.store;

/** A run's status, as MLflow's {@code RunStatus}. */
public enum RunStatus {
  RUNNING,
  SCHEDULED,
  FINISHED,
  FAILED,
  KILLED;

  /** Parses a status name, naming the allowed ones when it is not one of them. */
  public static RunStatus parse(String s) {
    for (RunStatus v : values()) {
      if (v.name().equals(s)) {
        return v;
      }
    }
    throw StoreException.invalid(
        "Unknown run status '%s'. Known: RUNNING, SCHEDULED, FINISHED, FAILED, KILLED.", s);
  }
}
