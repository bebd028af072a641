package dev.kiln.cli.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
  @Test
  void defaultsToASqliteFileAndArtifactsUnderDotKiln() {
    StoreLocation l = StoreLocation.resolve(null, null, Map.of());
    assertThat(l.url()).isEqualTo("sqlite:" + Path.of(".kiln", "kiln.db"));
    assertThat(l.artifacts()).isEqualTo(Path.of(".kiln", "artifacts").toAbsolutePath());
  }

  @Test
  void kilnHomeMovesBothTheDatabaseAndTheArtifacts() {
    StoreLocation l = StoreLocation.resolve(null, null, Map.of("KILN_HOME", "/srv/kiln"));
    assertThat(l.url()).isEqualTo("sqlite:/srv/kiln/kiln.db");
    assertThat(l.artifacts()).isEqualTo(Path.of("/srv/kiln/artifacts"));
  }

  @Test
  void theOptionWinsOverTheEnvironmentAndTheEnvironmentOverTheDefault() {
    Map<String, String> env = Map.of("KILN_STORE", "sqlite:/env/kiln.db", "KILN_HOME", "/home");
    assertThat(StoreLocation.resolve("sqlite:/opt/k.db", null, env).url())
        .isEqualTo("sqlite:/opt/k.db");
    assertThat(StoreLocation.resolve(null, null, env).url()).isEqualTo("sqlite:/env/kiln.db");
    assertThat(StoreLocation.resolve(null, null, env).artifacts())
        .isEqualTo(Path.of("/env/artifacts"));
  }

  @Test
  void aPostgresStoreKeepsArtifactsUnderKilnHomeUnlessTold() {
    Map<String, String> env = Map.of("KILN_HOME", "/home/k");
    String pg = "postgresql://u:p@db:5432/kiln";
    assertThat(StoreLocation.resolve(pg, null, env).artifacts())
        .isEqualTo(Path.of("/home/k/artifacts"));
    assertThat(StoreLocation.resolve(pg, Path.of("/art"), env).artifacts())
        .isEqualTo(Path.of("/art"));
  }
}
