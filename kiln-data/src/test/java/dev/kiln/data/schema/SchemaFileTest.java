package dev.kiln.data.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFileTest {
  @TempDir Path dir;

  static final String FULL =
      """
      columns:
        id: {type: integer, required: true, unique: true}
        "it's": {type: text, regex: '[a-z]+''s'}
        amount: {type: float, min: -1.5, max: 100, max_null_rate: 0.1}
        status: {type: categorical, allowed: [open, closed], categories: [open, closed]}
        at: {type: timestamp, freshness: 12h}
        flag: boolean
      rows: {min: 1, max: 1000}
      checks:
        - {name: sane, sql: "amount < 50 OR status = 'closed'"}
      """;

  static void assertFails(String yaml, String message) {
    assertThatThrownBy(() -> SchemaFile.parse(yaml, "s.yaml"))
        .isInstanceOf(UserException.class)
        .hasMessage(message);
  }

  @Test
  void aValidFileRoundTripsThroughSchemaWriter() throws Exception {
    Path file = dir.resolve("schema.yaml");
    Files.writeString(file, FULL);
    Schema schema = SchemaFile.read(file);
    assertThat(schema.fields())
        .containsExactly(
            Field.of("id", ColumnType.INTEGER, false),
            Field.of("it's", ColumnType.TEXT, true),
            Field.of("amount", ColumnType.FLOAT, true),
            new Field("status", ColumnType.CATEGORICAL, true, List.of("open", "closed")),
            Field.of("at", ColumnType.TIMESTAMP, true),
            Field.of("flag", ColumnType.BOOLEAN, true));
    assertThat(schema.rules())
        .contains(
            new Rule.Range("amount", -1.5, 100.0),
            new Rule.Pattern("it's", "[a-z]+'s"),
            new Rule.Freshness("at", Duration.ofHours(12)),
            new Rule.RowCount(1L, 1000L),
            new Rule.Check("sane", "amount < 50 OR status = 'closed'"));
    Schema back = SchemaFile.parse(SchemaWriter.toYaml(schema), "written.yaml");
    assertThat(back).isEqualTo(schema);
  }

  @Test
  void freshnessKeepsHoursAndMinutesWhenWritten() {
    for (String d : List.of("90m", "12h", "3d", "45s", "PT1.5S")) {
      Schema s = SchemaFile.parse("columns: {at: {type: timestamp, freshness: " + d + "}}", "s");
      assertThat(SchemaFile.parse(SchemaWriter.toYaml(s), "w")).isEqualTo(s);
    }
  }

  @Test
  void aYamlSyntaxErrorNamesLineAndColumn() {
    assertThatThrownBy(() -> SchemaFile.parse("columns:\n  id: {type: integer\n  x: 1\n", "s.yaml"))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("s.yaml line 3, column 4: not valid YAML:");
  }

  @Test
  void anUnknownRuleNamesLineAndColumnAndListsTheKnownRules() {
    assertFails(
        "columns:\n  id:\n    type: integer\n    uniqe: true\n",
        "s.yaml line 4, column 5: unknown rule 'uniqe' for column 'id'; known: type, required,"
            + " min, max, allowed, regex, max_null_rate, unique, freshness, categories");
  }

  @Test
  void minAboveMaxIsRefused() {
    assertFails(
        "columns:\n  x: {type: float, min: 5, max: 1}\n",
        "s.yaml line 2, column 25: column 'x': min 5.0 is above max 1.0");
  }

  @Test
  void aRegexThatRe2CannotRunIsRefusedWithItsPosition() {
    assertThatThrownBy(
            () -> SchemaFile.parse("columns:\n  x: {type: text, regex: '(?=a)b'}\n", "s.yaml"))
        .hasMessageStartingWith("s.yaml line 2, column 26: regex of column 'x' is not valid:")
        .hasMessageContaining("RE2");
    assertThatThrownBy(
            () -> SchemaFile.parse("columns:\n  x: {type: text, regex: '[a-'}\n", "s.yaml"))
        .hasMessageStartingWith("s.yaml line 2, column 26: regex of column 'x' is not valid:");
  }

  @Test
  void aBadDurationIsRefused() {
    assertFails(
        "columns:\n  at: {type: timestamp, freshness: soon}\n",
        "s.yaml line 2, column 36: expected a duration such as 30d, 12h, 90m or P1DT12H but found"
            + " 'soon'");
    assertFails(
        "columns:\n  at: {type: timestamp, freshness: -P1D}\n",
        "s.yaml line 2, column 36: freshness must be a positive duration but was '-P1D'");
  }

  @Test
  void mistakesThatUsedToSlipThroughNameTheirPosition() {
    assertFails(
        "columns:\n  a: integer\n  a: float\n",
        "s.yaml line 3, column 3: column 'a' is given twice");
    assertFails(
        "columns:\n  '': integer\n", "s.yaml line 2, column 3: a column name must not be empty");
    assertFails(
        "columns:\n  a: {type: text, allowed: []}\n",
        "s.yaml line 2, column 28: 'allowed' of column 'a' is empty; list at least one value");
    assertFails(
        "columns:\n  a: {type: integer, allowed: [1, x]}\n",
        "s.yaml line 2, column 35: expected a number but found 'x'");
    assertFails(
        "columns:\n  a: {type: integer, allowed: [1.5]}\n",
        "s.yaml line 2, column 32: column 'a' is integer, but allowed value '1.5' is not a whole"
            + " number");
    assertFails(
        "columns:\n  a: integer\nrows: {min: 1.5}\n",
        "s.yaml line 3, column 13: expected a whole number of rows, 0 or more, but found '1.5'");
    assertFails(
        "columns:\n  a: integer\nchecks:\n  - {name: c, sql: a > 0}\n  - {name: c, sql: a < 9}\n",
        "s.yaml line 5, column 5: two checks are named 'c'; give each its own name");
    assertFails(
        "columns:\n  a: integer\ncolumns:\n  b: integer\n",
        "s.yaml line 3, column 1: section 'columns' is given twice");
  }

  @Test
  void aMissingSchemaFileIsAUserError() {
    assertThatThrownBy(() -> SchemaFile.read(dir.resolve("none.yaml")))
        .isInstanceOf(UserException.class)
        .hasMessage("schema file not found: " + dir.resolve("none.yaml"));
  }
}
