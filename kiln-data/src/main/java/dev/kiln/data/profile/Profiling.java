package dev.kiln.data.profile;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.profile.Profiler;
import dev.kiln.data.source.DataSource;
import dev.kiln.data.source.Scan;
import java.time.Clock;
import java.util.function.LongConsumer;

/** Profiles a source batch by batch, so the whole dataset never has to be in memory. */
public final class Profiling {
  private Profiling() {}

  /**
   * @param progress told the number of rows in each batch as it is profiled
   */
  public static Profile profile(DataSource source, Clock clock, LongConsumer progress) {
    try (Scan scan = source.scan(DataSource.DEFAULT_BATCH_ROWS)) {
      Profiler profiler = new Profiler(scan.schema(), scan.stringTypesInferred());
      for (Frame batch = scan.next(); batch != null; batch = scan.next()) {
        profiler.add(batch);
        progress.accept(batch.rowCount());
      }
      return profiler.finish(source.location(), clock.instant());
    }
  }
}
