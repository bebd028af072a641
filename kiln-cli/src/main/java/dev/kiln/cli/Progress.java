package dev.kiln.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * A progress bar with rate and ETA on stderr, redrawn in place at most a few times a second. When
 * stderr is not a terminal it prints nothing, so logs and CI output stay clean.
 */
public final class Progress implements AutoCloseable {
  private static final long REDRAW_NANOS = 200_000_000L;
  private static final int WIDTH = 30;

  private final String label;
  private final String unit;
  private final long total;
  private final PrintStream out;
  private final boolean enabled;
  private final long start = System.nanoTime();
  private long lastDraw;
  private long done;

  /**
   * @param total expected units, or a value ≤ 0 when unknown (then only counts are shown)
   */
  public Progress(String label, String unit, long total) {
    this(label, unit, total, System.err, System.console() != null);
  }

  Progress(String label, String unit, long total, PrintStream out, boolean enabled) {
    this.label = label;
    this.unit = unit;
    this.total = total;
    this.out = out;
    this.enabled = enabled;
  }

  public void advance(long units) {
    done += units;
    long now = System.nanoTime();
    if (enabled && now - lastDraw > REDRAW_NANOS) {
      lastDraw = now;
      draw(now);
    }
  }

  /** The bar as text, for {@code done} units after {@code elapsedNanos}. */
  String render(long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 1e-9);
    String rate = String.format("%,.0f %s/s", done / seconds, unit);
    if (total <= 0) {
      return String.format("%s %,d %s  %s  %s", label, done, unit, rate, clock(seconds));
    }
    double frac = Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(frac * WIDTH);
    String bar = "#".repeat(filled) + "-".repeat(WIDTH - filled);
    double eta = frac > 0 ? seconds / frac - seconds : 0;
    return String.format(
        "%s [%s] %3.0f%%  %,d/%,d %s  %s  ETA %s",
        label, bar, frac * 100, done, total, unit, rate, clock(eta));
  }

  private void draw(long now) {
    out.print("\r" + render(now - start) + "   ");
    out.flush();
  }

  static String clock(double seconds) {
    Duration d = Duration.ofMillis((long) (seconds * 1000));
    return String.format("%d:%02d", d.toMinutes(), d.toSecondsPart());
  }

  @Override
  public void close() {
    if (enabled && lastDraw != 0) {
      out.print("\r" + " ".repeat(render(System.nanoTime() - start).length() + 3) + "\r");
      out.flush();
    }
  }
}
