package dev.kiln.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.profile.Profiler;
import dev.kiln.data.source.FileSource;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The "frame only" figure: reads a file whole into a {@link Frame}, then profiles the frame, timed
 * inside one JVM (start-up excluded). Prints {@code read=S profile=S total=S cpu=S digest=D}.
 *
 * <p>Usage: {@code FrameProfile FILE}.
 */
public final class FrameProfile {
  private FrameProfile() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    long c0 = cpu();
    long t0 = System.nanoTime();
    Frame frame = new FileSource(file).read();
    long t1 = System.nanoTime();
    Profile profile = Profiler.of(frame, file.toString(), Instant.EPOCH);
    long t2 = System.nanoTime();
    long c2 = cpu();
    System.out.printf(
        "read=%.3f profile=%.3f total=%.3f cpu=%.3f rows=%d digest=%s%n",
        (t1 - t0) / 1e9,
        (t2 - t1) / 1e9,
        (t2 - t0) / 1e9,
        (c2 - c0) / 1e9,
        profile.rows(),
        profile.digest());
  }

  /** CPU time of the whole process, DuckDB's native threads included, in nanoseconds. */
  private static long cpu() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
