package dev.kiln.data.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.testing.PostgresServer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdbcSourceTest {
  @TempDir Path dir;

  private static void fill(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE pay (id INTEGER, amount DOUBLE PRECISION, channel VARCHAR(10))");
      for (int i = 1; i <= 30; i++) {
        st.execute(
            "INSERT INTO pay VALUES ("
                + i
                + ", "
                + (i % 5 == 0 ? "NULL" : String.valueOf(i * 1.25))
                + ", '"
                + (i % 2 == 0 ? "web" : "pos")
                + "')");
      }
    }
  }

  private static void assertReadsPayments(Frame f) {
    assertThat(f.rowCount()).isEqualTo(30);
    assertThat(f.column("id").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(((LongColumn) f.column("id")).value(29)).isEqualTo(30);
    DoubleColumn amount = (DoubleColumn) f.column("amount");
    assertThat(amount.value(0)).isEqualTo(1.25);
    assertThat(amount.nullCount()).isEqualTo(6);
    assertThat(f.column("channel").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(((StringColumn) f.column("channel")).value(1)).isEqualTo("web");
  }

  @Test
  void readsAQueryFromSqlite() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("pay.db");
    fill(url);
    Frame f = new JdbcSource(url, "SELECT * FROM pay ORDER BY id", Optional.empty()).read();
    assertReadsPayments(f);
  }

  @Test
  void readsAQueryFromARealPostgresql() throws Exception {
    try (PostgresServer pg = PostgresServer.start()) {
      fill(pg.jdbcUrl());
      Frame f =
          new JdbcSource(pg.jdbcUrl(), "SELECT * FROM pay ORDER BY id", Optional.empty()).read();
      assertReadsPayments(f);
    }
  }

  @Test
  void readsAQueryFromTheEmbeddedPostgresqlUsedWhereTheSystemHasNone() throws Exception {
    try (PostgresServer pg = PostgresServer.startEmbedded()) {
      fill(pg.jdbcUrl());
      Frame f =
          new JdbcSource(pg.jdbcUrl(), "SELECT * FROM pay ORDER BY id", Optional.empty()).read();
      assertReadsPayments(f);
    }
  }

  @Test
  void unreachableDatabaseFailsQuicklyWithTheUrlButNoPassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/db?user=u&password=secret";
    long start = System.nanoTime();
    assertThatThrownBy(() -> new JdbcSource(url, "SELECT 1", Optional.empty()).read())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("cannot connect to jdbc:postgresql://127.0.0.1:" + port)
        .hasMessageNotContaining("secret");
    assertThat((System.nanoTime() - start) / 1e9)
        .isLessThan(JdbcSource.CONNECT_TIMEOUT_SECONDS + 5);
  }

  @Test
  void badQueryNamesTheDatabaseError() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("pay.db");
    fill(url);
    assertThatThrownBy(() -> new JdbcSource(url, "SELECT nope FROM pay", Optional.empty()).read())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("query on jdbc:sqlite:")
        .hasMessageContaining("nope");
  }

  @Test
  void unknownJdbcDriverListsTheSupportedOnes() {
    assertThatThrownBy(
            () -> new JdbcSource("jdbc:mysql://h/db", "SELECT 1", Optional.empty()).read())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("jdbc:sqlite:")
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void aUrlWithoutAQueryAsksForOne() {
    assertThatThrownBy(() -> Sources.open("jdbc:sqlite:x.db", Optional.empty(), Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("--query");
  }

  @Test
  void missingSqliteFileIsNamedAndNotCreated() {
    Path db = dir.resolve("missing.db");
    assertThatThrownBy(
            () -> new JdbcSource("jdbc:sqlite:" + db, "SELECT 1", Optional.empty()).read())
        .isInstanceOf(UserException.class)
        .hasMessageContaining("database file not found: " + db);
    assertThat(db).doesNotExist();
  }
}
