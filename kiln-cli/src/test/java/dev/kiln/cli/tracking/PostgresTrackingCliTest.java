package dev.kiln.cli.tracking;

import dev.kiln.testing.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same CLI flow as on SQLite, against a real PostgreSQL server. */
class PostgresTrackingCliTest {
  @TempDir Path dir;

  @Test
  void recordsRunsRegistersModelsAndMovesAliasesOnPostgres() throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      TrackingScenario.run(new TrackingFlow(dir, server.jdbcUrl()));
    }
  }
}
