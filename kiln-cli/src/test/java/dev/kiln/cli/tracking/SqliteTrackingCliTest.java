package dev.kiln.cli.tracking;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's tracking and registry flow on a SQLite store in a temporary folder. */
class SqliteTrackingCliTest {
  @TempDir Path dir;

  @Test
  void recordsRunsRegistersModelsAndMovesAliases() throws Exception {
    TrackingScenario.run(new TrackingFlow(dir, "sqlite:" + dir.resolve("kiln.db")));
  }
}
