package dev.kiln.data.split;

import java.time.Instant;

/** Timestamps as Kiln stores them (microseconds since the epoch, UTC) and as people read them. */
final class Times {
  private Times() {}

  static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }

  /** ISO-8601 in UTC, e.g. {@code 2025-05-01T00:00:00Z}. */
  static String text(long micros) {
    return instant(micros).toString();
  }
}
