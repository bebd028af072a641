package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  private static final Pattern SCRIPT = Pattern.compile("V(\\d+)__.*\\.sql");

  @TempDir Path dir;

  @Test
  void latestIsTheNewestScriptOfEveryEngine() throws Exception {
    for (String engine : new String[] {"sqlite", "postgresql"}) {
      assertThat(newestScript(engine)).as(engine).isEqualTo(Migrations.LATEST);
    }
  }

  @Test
  void aStoreIsUpToDateOnlyOnceEveryMigrationHasSucceeded() throws Exception {
    String url = "sqlite:" + dir.resolve("kiln.db");
    Db fresh = new Db(StoreUrl.parse(url), Duration.ofSeconds(5));
    try {
      assertThat(Migrations.upToDate(fresh)).isFalse();
    } finally {
      fresh.close();
    }
    Store.open(url).close();

    Db migrated = new Db(StoreUrl.parse(url), Duration.ofSeconds(5));
    try {
      assertThat(Migrations.upToDate(migrated)).isTrue();
      assertThat(Migrations.migrate(migrated)).isZero();
    } finally {
      migrated.close();
    }

    try (Connection c = DriverManager.getConnection("jdbc:" + url);
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE kiln_schema_history SET success = 0");
    }
    Db failed = new Db(StoreUrl.parse(url), Duration.ofSeconds(5));
    try {
      assertThat(Migrations.upToDate(failed)).isFalse();
    } finally {
      failed.close();
    }
  }

  private static int newestScript(String engine) throws URISyntaxException, java.io.IOException {
    Path folder = Path.of(Migrations.class.getResource("/db/migration/" + engine).toURI());
    int newest = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = SCRIPT.matcher(f.getFileName().toString());
        if (m.matches()) {
          newest = Math.max(newest, Integer.parseInt(m.group(1)));
        }
      }
    }
    return newest;
  }
}
