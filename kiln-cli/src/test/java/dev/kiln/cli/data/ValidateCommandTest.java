package dev.kiln.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.cli.CliRun;
import dev.kiln.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path dir;
  Path data;
  Path schema;

  @BeforeEach
  void files() throws Exception {
    data = dir.resolve("orders.csv");
    Files.writeString(
        data, "id,amount,at\n1,5,2024-02-28 00:00:00\n2,\"-1\",2024-02-29\n2,x,2024-02-29\n");
    schema = dir.resolve("schema.yaml");
    Files.writeString(
        schema,
        "columns:\n"
            + "  id: {type: integer, unique: true}\n"
            + "  amount: {type: float, min: 0}\n"
            + "  at: {type: timestamp, freshness: 2d}\n");
  }

  @Test
  void exitsOneAndListsEveryViolationWithFileAndLine() {
    CliRun run =
        CliRun.of(
            "data",
            "validate",
            data.toString(),
            "--schema",
            schema.toString(),
            "--now",
            "2024-03-01T00:00:00Z");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .startsWith(
            data
                + ":3: column 'amount': range: -1 is below the minimum 0\n"
                + data
                + ":4: column 'amount': type: 'x' is not a number\n"
                + data
                + ":4: column 'id': unique: '2' repeats the value first seen at line 3\n")
        .endsWith(data + ": invalid: 3 violations of 3 of 7 rules (3 rows)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void exitsZeroForAValidFileAndUsesNowForFreshness() throws Exception {
    Files.writeString(data, "id,amount,at\n1,5,2024-02-28 00:00:00\n2,0,2024-02-29\n");
    String[] args = {"data", "validate", data.toString(), "--schema", schema.toString(), "--now"};
    CliRun fresh = CliRun.of(concat(args, "2024-03-01T00:00:00Z"));
    assertThat(fresh.exit()).isEqualTo(0);
    assertThat(fresh.out()).endsWith(data + ": valid (2 rows, 7 rules checked)\n");
    CliRun stale = CliRun.of(concat(args, "2024-03-09T00:00:00Z"));
    assertThat(stale.exit()).isEqualTo(1);
    assertThat(stale.out())
        .contains("freshness: the newest timestamp, 2024-02-29T00:00:00Z, is 9d old");
  }

  @Test
  void jsonFormatIsMachineReadable() throws Exception {
    CliRun run =
        CliRun.of(
            "data",
            "validate",
            data.toString(),
            "--schema",
            schema.toString(),
            "--format",
            "json",
            "--max-per-rule",
            "1",
            "--now",
            "2024-03-01T00:00:00Z");
    assertThat(run.exit()).isEqualTo(1);
    JsonNode json = Json.mapper().readTree(run.out());
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("rows").asLong()).isEqualTo(3);
    assertThat(json.get("violations")).hasSize(3);
    assertThat(json.get("summary").findValuesAsText("rule"))
        .containsExactly("columns", "type", "type", "type", "unique", "range", "freshness");
  }

  @Test
  void anUnknownRuleIsAUserErrorWithTheSchemasLineAndColumn() throws Exception {
    Files.writeString(schema, "columns:\n  id:\n    type: integer\n    uniq: true\n");
    CliRun run = CliRun.of("data", "validate", data.toString(), "--schema", schema.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "kiln: error: "
                + schema
                + " line 4, column 5: unknown rule 'uniq' for column 'id'; known: type,");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void userMistakesExitTwoWithOneLine() throws Exception {
    Files.writeString(dir.resolve("not-yaml.yaml"), "columns: [a, b\n");
    Files.writeString(dir.resolve("header.csv"), "id,amount,at\n");
    String[][] cases = {
      {
        dir.resolve("missing.csv").toString(),
        schema.toString(),
        "file not found: " + dir.resolve("missing.csv")
      },
      {
        data.toString(),
        dir.resolve("nope.yaml").toString(),
        "schema file not found: " + dir.resolve("nope.yaml")
      },
      {
        data.toString(),
        dir.resolve("not-yaml.yaml").toString(),
        dir.resolve("not-yaml.yaml") + " line 2, column 1: not valid YAML:"
      },
      {
        dir.resolve("header.csv").toString(),
        schema.toString(),
        dir.resolve("header.csv") + ": the file has a header but no data rows"
      },
    };
    for (String[] c : cases) {
      CliRun run = CliRun.of("data", "validate", c[0], "--schema", c[1]);
      assertThat(run.exit()).as(c[2]).isEqualTo(2);
      assertThat(run.err()).startsWith("kiln: error: " + c[2]);
      assertThat(run.err().lines()).hasSize(1);
    }
    CliRun now =
        CliRun.of(
            "data",
            "validate",
            data.toString(),
            "--schema",
            schema.toString(),
            "--now",
            "yesterday");
    assertThat(now.exit()).isEqualTo(2);
    assertThat(now.err())
        .isEqualTo(
            "kiln: error: --now expects an instant such as 2024-05-01T12:00:00Z but was 'yesterday'\n");
    CliRun max =
        CliRun.of(
            "data",
            "validate",
            data.toString(),
            "--schema",
            schema.toString(),
            "--max-per-rule",
            "-1");
    assertThat(max.exit()).isEqualTo(2);
    assertThat(max.err())
        .isEqualTo("kiln: error: --max-per-rule must be 0 (list all) or more but was -1\n");
    CliRun noSchema = CliRun.of("data", "validate", data.toString());
    assertThat(noSchema.exit()).isEqualTo(2);
    assertThat(noSchema.err())
        .startsWith("kiln: error: Missing required option: '--schema=SCHEMA'");
  }

  private static String[] concat(String[] a, String last) {
    String[] out = java.util.Arrays.copyOf(a, a.length + 1);
    out[a.length] = last;
    return out;
  }
}
