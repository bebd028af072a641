package dev.kiln.data.split;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import java.time.Instant;
import java.util.Optional;

/** The earliest and latest timestamp among some rows of a timestamp column. */
public record TimeSpan(Instant first, Instant last) {
  /** The span of {@code rows} in {@code column}, empty when they hold no timestamp. */
  public static Optional<TimeSpan> of(Frame frame, String column, int[] rows) {
    Column c = frame.column(column);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    boolean any = false;
    for (int r : rows) {
      Object v = c.get(r);
      if (v instanceof Long micros) {
        min = Math.min(min, micros);
        max = Math.max(max, micros);
        any = true;
      }
    }
    return any
        ? Optional.of(new TimeSpan(Times.instant(min), Times.instant(max)))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return first + " .. " + last;
  }
}
