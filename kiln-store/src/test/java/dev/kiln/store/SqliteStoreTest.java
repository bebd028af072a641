package dev.kiln.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractTest {
  @TempDir Path dir;

  @Override
  String jdbcUrl() {
    return "jdbc:sqlite:" + dir.resolve("kiln.db");
  }

  @Override
  Store openStore() {
    return Store.builder().url("sqlite:" + dir.resolve("kiln.db")).clock(CLOCK).open();
  }
}
