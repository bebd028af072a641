package dev.kiln.store;

import dev.kiln.testing.PostgresServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a real PostgreSQL server; every test gets a database of its own. */
class PostgresStoreTest extends StoreContractTest {
  private static PostgresServer server;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    server = PostgresServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** A new empty database on the shared server, as a JDBC URL. */
  static String freshDatabase() throws Exception {
    String db = "kiln_" + DATABASES.incrementAndGet();
    try (var c = DriverManager.getConnection(server.jdbcUrl());
        var s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    return server.jdbcUrl().replace("/postgres?", "/" + db + "?");
  }

  private String url;

  @Override
  String jdbcUrl() {
    return url;
  }

  @Override
  Store openStore() throws Exception {
    url = freshDatabase();
    return Store.builder().url(url).artifacts(dir.resolve("artifacts")).clock(CLOCK).open();
  }
}
