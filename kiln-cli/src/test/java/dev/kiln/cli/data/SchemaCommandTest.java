package dev.kiln.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCommandTest {
  @TempDir Path dir;

  @Test
  void printsASuggestedSchemaThatTheFileThenPasses() throws Exception {
    Path data = dir.resolve("d.csv");
    Files.writeString(data, "id,kind,price\n1,a,2.5\n2,b,3\n3,a,\n4,a,1\n");
    CliRun printed = CliRun.of("data", "schema", data.toString());
    assertThat(printed.exit()).isEqualTo(0);
    assertThat(printed.out())
        .isEqualTo(
            """
            columns:
              'id':
                # observed 1 .. 4
                type: integer
                required: true
                min: 0
                unique: true
              'kind':
                type: categorical
                required: true
                allowed: ['a', 'b']
              'price':
                # observed 1 .. 3; nulls 25%
                type: float
                min: 0
            """);
    Path out = dir.resolve("schema.yaml");
    CliRun written = CliRun.of("data", "schema", data.toString(), "--out", out.toString());
    assertThat(written.exit()).isEqualTo(0);
    assertThat(written.out()).isEqualTo("wrote " + out + " (3 columns from 4 rows)\n");
    assertThat(Files.readString(out)).isEqualTo(printed.out());
    assertThat(CliRun.of("data", "validate", data.toString(), "--schema", out.toString()).exit())
        .isEqualTo(0);
  }

  @Test
  void anUnwritableOutputLeavesNoFileAndExitsTwo() throws Exception {
    Path data = dir.resolve("d.csv");
    Files.writeString(data, "a\n1\n");
    Path out = dir.resolve("no-such-folder").resolve("schema.yaml");
    CliRun run = CliRun.of("data", "schema", data.toString(), "--out", out.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).startsWith("kiln: error: cannot write " + out);
    assertThat(Files.exists(out)).isFalse();
  }

  @Test
  void aMissingInputExitsTwo() {
    CliRun run = CliRun.of("data", "schema", dir.resolve("gone.csv").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("kiln: error: file not found: " + dir.resolve("gone.csv") + "\n");
  }
}
