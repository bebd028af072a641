package dev.kiln.cli.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/** Wall time of a run's phases, in the order they ran: each lap ends one phase. */
final class Phases {
  private final LongSupplier nanos;
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long last;

  Phases(LongSupplier nanos) {
    this.nanos = nanos;
    this.last = nanos.getAsLong();
  }

  /** Ends the phase {@code name} now (a phase lapped twice adds up). */
  void lap(String name) {
    long now = nanos.getAsLong();
    seconds.merge(name, (now - last) / 1e9, Double::sum);
    last = now;
  }

  /** Seconds per phase, in the order the phases first ended. */
  Map<String, Double> seconds() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
  }
}
