package dev.kiln.serve.mlflow;

import dev.kiln.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** MLflow's Java client against Kiln's server on a real PostgreSQL; a database per test. */
class MlflowClientPostgresTest extends MlflowClientContract {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  String storeUrl(Path dir) throws Exception {
    String db = "mlflow_api_" + DATABASES.incrementAndGet();
    try (var c = DriverManager.getConnection(postgres.jdbcUrl());
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    return postgres.jdbcUrl().replace("/postgres?", "/" + db + "?");
  }
}
