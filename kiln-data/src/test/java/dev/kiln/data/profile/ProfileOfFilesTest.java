package dev.kiln.data.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.profile.ColumnProfile;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.profile.ReferenceCheck;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.source.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Profiles of files read through DuckDB agree with numpy and pandas (reference values written by
 * kiln-core/src/test/python/profile_reference.py), and the digest is the same whatever the format.
 */
class ProfileOfFilesTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void generatedCsvWithNullsNanInfinitiesAndTimestampsAgreesWithPandas() throws IOException {
    Path csv = copy("/profile/mixed.csv", "mixed.csv");

    assertAgreesWithReference(csv, "/profile/mixed.json");
  }

  /** Real data: tables that Debian's python3-sklearn ships (see datasets/README.md). */
  @ParameterizedTest
  @ValueSource(strings = {"breast_cancer", "wine"})
  void realDatasetAgreesWithPandas(String name) throws IOException {
    Path csv = copy("/datasets/" + name + ".csv", name + ".csv");

    assertAgreesWithReference(csv, "/profile/" + name + ".json");
  }

  @Test
  void sameRowsAsCsvParquetAndJsonLinesGiveTheSameDigestAndProfile() throws IOException {
    Path csv = copy("/profile/mixed.csv", "mixed.csv");
    Frame frame = new FileSource(csv).read();
    Path parquet = dir.resolve("mixed.parquet");
    Path jsonl = dir.resolve("mixed.jsonl");
    FrameWriter.write(frame, parquet);
    FrameWriter.write(frame, jsonl);

    Profile fromCsv = profile(csv);
    Profile fromParquet = profile(parquet);
    Profile fromJsonl = profile(jsonl);

    assertThat(fromCsv.digest()).startsWith("sha256:").hasSize(7 + 64);
    assertThat(fromParquet.digest()).isEqualTo(fromCsv.digest());
    assertThat(fromJsonl.digest()).isEqualTo(fromCsv.digest());
    // Below the sketch's k the whole profile is deterministic, so it must match column for column.
    assertThat(fromParquet.columns()).isEqualTo(fromCsv.columns());
    assertThat(fromJsonl.columns()).isEqualTo(fromCsv.columns());
  }

  @Test
  void changingOneValueChangesTheDigest() throws IOException {
    Path csv = copy("/profile/mixed.csv", "mixed.csv");
    List<String> lines = Files.readAllLines(csv);
    lines.set(5, lines.get(5).replaceFirst("^5,", "5000,"));
    Path edited = Files.write(dir.resolve("edited.csv"), lines);

    assertThat(profile(edited).digest()).isNotEqualTo(profile(csv).digest());
  }

  private void assertAgreesWithReference(Path csv, String reference) throws IOException {
    FileSource source = new FileSource(csv);
    Profile profile = Profiling.profile(source, CLOCK, rows -> {});
    Frame data = source.read();

    List<String> problems = ReferenceCheck.mismatches(profile, data, json(reference));

    assertThat(problems).isEmpty();
    assertThat(profile.createdAt()).isEqualTo("2024-06-01T12:00:00Z");
    assertThat(profile.source()).isEqualTo(csv.toString());
    for (ColumnProfile c : profile.columns()) {
      if (c.numbers() != null) {
        assertThat(c.numbers().percentiles()).as(c.name()).hasSize(101);
      }
    }
  }

  private Profile profile(Path file) {
    return Profiling.profile(new FileSource(file), CLOCK, rows -> {});
  }

  private Path copy(String resource, String name) throws IOException {
    try (InputStream in = ProfileOfFilesTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test class path").isNotNull();
      Path target = dir.resolve(name);
      Files.copy(in, target);
      return target;
    }
  }

  private static JsonNode json(String resource) throws IOException {
    try (InputStream in = ProfileOfFilesTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource + " on the test class path").isNotNull();
      return new ObjectMapper().readTree(in);
    }
  }
}
