package dev.kiln.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.cli.CliRun;
import dev.kiln.core.json.Json;
import dev.kiln.core.profile.Profile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kiln data profile}, run as a user runs it, on real files. */
class ProfileCommandTest {
  @TempDir Path dir;

  private String out;
  private String err;

  @Test
  void writesJsonAndHtmlAndPrintsTheDigestAndOneLinePerColumn() throws IOException {
    Path csv = copy("/datasets/breast_cancer.csv");
    Path outDir = Files.createDirectory(dir.resolve("out"));

    int code = run("data", "profile", csv.toString(), "--out-dir", outDir.toString());

    assertThat(code).as(err).isZero();
    Profile profile =
        Json.mapper()
            .readValue(outDir.resolve("breast_cancer.profile.json").toFile(), Profile.class);
    assertThat(profile.rows()).isEqualTo(569);
    assertThat(profile.columns()).hasSize(31);
    assertThat(profile.digest()).matches("sha256:[0-9a-f]{64}");
    String html = Files.readString(outDir.resolve("breast_cancer.profile.html"));
    assertThat(html).contains(profile.digest()).contains("<h3>mean_radius <span");
    assertThat(out)
        .contains(csv + ": 569 rows, 31 columns")
        .contains("digest " + profile.digest())
        .containsPattern("diagnosis +categorical +0\\.0% +2  benign \\(357\\), malignant \\(212\\)")
        .contains("wrote " + outDir.resolve("breast_cancer.profile.json") + " and ");
  }

  @Test
  void noHtmlWritesOnlyTheJson() throws IOException {
    Path csv = copy("/datasets/wine.csv");

    int code = run("data", "profile", csv.toString(), "--out-dir", dir.toString(), "--no-html");

    assertThat(code).as(err).isZero();
    assertThat(dir.resolve("wine.profile.json")).exists();
    assertThat(dir.resolve("wine.profile.html")).doesNotExist();
  }

  @Test
  void schemaFileDecidesTheTypes() throws IOException {
    Path csv = copy("/datasets/wine.csv");
    Path schema = dir.resolve("wine.yaml");
    StringBuilder yaml = new StringBuilder("columns:\n");
    for (String name : Files.readAllLines(csv).get(0).split(",")) {
      yaml.append("  ")
          .append(name)
          .append(": ")
          .append(name.equals("cultivar") ? "text" : "float")
          .append('\n');
    }
    Files.writeString(schema, yaml);

    int code =
        run(
            "data",
            "profile",
            csv.toString(),
            "--schema",
            schema.toString(),
            "--out-dir",
            dir.toString());

    assertThat(code).as(err).isZero();
    JsonNode json = Json.mapper().readTree(dir.resolve("wine.profile.json").toFile());
    assertThat(json.get("columns").get(4).get("name").asText()).isEqualTo("magnesium");
    assertThat(json.get("columns").get(4).get("type").asText()).isEqualTo("float");
    assertThat(json.get("columns").get(13).get("type").asText()).isEqualTo("text");
  }

  @Test
  void missingFileIsOneLineAndWritesNothing() throws IOException {
    Path missing = dir.resolve("nope.csv");

    int code = run("data", "profile", missing.toString(), "--out-dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.strip()).isEqualTo("kiln: error: file not found: " + missing);
    assertThat(files()).isEmpty();
  }

  @Test
  void headerOnlyFileIsOneLineAndWritesNothing() throws IOException {
    Path csv = Files.writeString(dir.resolve("empty.csv"), "a,b\n");

    int code = run("data", "profile", csv.toString(), "--out-dir", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.strip())
        .isEqualTo("kiln: error: " + csv + ": the file has a header but no data rows");
    assertThat(files()).containsExactly(csv);
  }

  @Test
  void outputFolderThatDoesNotExistIsRefusedBeforeReading() throws IOException {
    Path csv = copy("/datasets/wine.csv");
    Path outDir = dir.resolve("no/such/folder");

    int code = run("data", "profile", csv.toString(), "--out-dir", outDir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.strip())
        .startsWith("kiln: error: cannot write " + outDir.resolve("wine.profile.json"))
        .endsWith("does not exist")
        .doesNotContain("\n");
  }

  @Test
  void unknownOptionNamesItAndPointsToHelp() {
    int code = run("data", "profile", "x.csv", "--histogram-bins", "10");

    assertThat(code).isEqualTo(2);
    assertThat(err)
        .contains("kiln: error: Unknown options: '--histogram-bins', '10'")
        .contains("(see 'kiln data profile --help')");
  }

  @Test
  void helpShowsTheDefaultOutputFolder() {
    int code = run("data", "profile", "--help");

    assertThat(code).isZero();
    assertThat(out).contains("--out-dir=DIR").contains("(default: .)").contains("--no-html");
  }

  private int run(String... args) {
    CliRun run = CliRun.of(args);
    out = run.out();
    err = run.err();
    return run.exit();
  }

  private Path copy(String resource) throws IOException {
    try (InputStream in = ProfileCommandTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Path target = dir.resolve(Path.of(resource).getFileName().toString());
      Files.copy(in, target);
      return target;
    }
  }

  private java.util.List<Path> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }
}
