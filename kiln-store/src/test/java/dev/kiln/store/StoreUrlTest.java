package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreUrlTest {
  @Test
  void readsSqliteUrlsInEveryForm() {
    Path abs = Path.of("/tmp/k/kiln.db");
    assertThat(StoreUrl.parse("/tmp/k/kiln.db").path()).isEqualTo(abs);
    assertThat(StoreUrl.parse("sqlite:/tmp/k/kiln.db").path()).isEqualTo(abs);
    assertThat(StoreUrl.parse("sqlite:////tmp/k/kiln.db").path()).isEqualTo(abs);
    assertThat(StoreUrl.parse("jdbc:sqlite:/tmp/k/kiln.db").path()).isEqualTo(abs);
    assertThat(StoreUrl.parse("sqlite:///rel/kiln.db").path())
        .isEqualTo(Path.of("rel/kiln.db").toAbsolutePath());
    assertThat(StoreUrl.parse(StoreUrl.DEFAULT).path())
        .isEqualTo(Path.of(".kiln/kiln.db").toAbsolutePath().normalize());
    assertThat(StoreUrl.parse("sqlite:/tmp/k/kiln.db").jdbcUrl())
        .isEqualTo("jdbc:sqlite:/tmp/k/kiln.db");
  }

  @Test
  void readsPostgresUrlsAndHidesThePassword() {
    StoreUrl u = StoreUrl.parse("postgresql://kiln:s3cr%40t@db.example:5433/meta?sslmode=require");
    assertThat(u.engine()).isEqualTo("postgresql");
    assertThat(u.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/meta?sslmode=require");
    assertThat(u.user()).isEqualTo("kiln");
    assertThat(u.password()).isEqualTo("s3cr@t");
    assertThat(u.redacted())
        .isEqualTo("postgresql://kiln:***@db.example:5433/meta?sslmode=require");
    assertThat(u.toString()).doesNotContain("s3cr");
    StoreUrl j = StoreUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=k&password=pw");
    assertThat(j.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/postgres");
    assertThat(j.user()).isEqualTo("k");
    assertThat(j.password()).isEqualTo("pw");
    assertThat(j.redacted()).doesNotContain("pw");
    assertThat(StoreUrl.parse("postgres://h/db").engine()).isEqualTo("postgresql");
  }

  @Test
  void refusesAnUnknownSchemeNamingTheKnownOnes() {
    assertThatThrownBy(() -> StoreUrl.parse("mysqll://x/y"))
        .isInstanceOf(UserException.class)
        .hasMessage("Unknown store scheme 'mysqll'. Known schemes: sqlite, postgresql.");
  }

  @Test
  void refusesAPostgresUrlWithoutADatabaseWithoutShowingThePassword() {
    assertThatThrownBy(() -> StoreUrl.parse("postgresql://u:hunter2@host"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "The store URL 'postgresql://u:***@host' needs a host and a database; expected"
                + " postgresql://user:password@host:port/database");
  }

  @Test
  void anUnreachableServerFailsWithinTheTimeoutWithAClearMessage() throws Exception {
    // a socket that is listening but never answers: the login must time out, not hang
    try (ServerSocket silent = new ServerSocket(0)) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  Store.builder()
                      .url("postgresql://kiln:hunter2@127.0.0.1:" + silent.getLocalPort() + "/kiln")
                      .connectTimeout(Duration.ofSeconds(1))
                      .open())
          .isInstanceOf(UserException.class)
          .hasMessageStartingWith(
              "Cannot connect to the store at postgresql://kiln:***@127.0.0.1:"
                  + silent.getLocalPort()
                  + "/kiln: ")
          .hasMessageEndingWith(
              ". Check that the server is running and the URL, user and password are right.")
          .hasMessageNotContaining("hunter2");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aClosedPortFailsAtOnce() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> Store.open("postgresql://kiln@127.0.0.1:" + port + "/kiln"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("Cannot connect to the store at postgresql://kiln@127.0.0.1:" + port)
        .hasMessageContaining("Connection");
  }
}
