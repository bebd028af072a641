package dev.kiln.data.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.json.Json;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.data.schema.SchemaWriter;
import dev.kiln.data.source.FileSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationFormatsTest {
  @TempDir Path dir;

  static Frame sample() {
    LongColumn.Builder id = new LongColumn.Builder("id", ColumnType.INTEGER, 4);
    DoubleColumn.Builder amount = new DoubleColumn.Builder("amount", 4);
    StringColumn.Builder status = new StringColumn.Builder("status", ColumnType.CATEGORICAL, 4);
    long[] ids = {1, 2, 2, 4};
    double[] amounts = {5, -3, 7, 1.5};
    String[] statuses = {"open", "open", "closed", "lost"};
    for (int i = 0; i < 4; i++) {
      id.add(ids[i]);
      amount.add(amounts[i]);
      status.add(statuses[i]);
    }
    return new Frame(List.of(id.build(), amount.build(), status.build()));
  }

  static final String SCHEMA =
      """
      columns:
        id: {type: integer, unique: true}
        amount: {type: float, min: 0}
        status: {type: categorical, allowed: [open, closed]}
      """;

  @Test
  void validatesParquetWithNativeTypesReportingRowsNotLines() {
    Path file = dir.resolve("data.parquet");
    FrameWriter.write(sample(), file);
    ValidationReport r =
        Validator.validate(
            new FileSource(file),
            SchemaFile.parse(SCHEMA, "s.yaml"),
            ValidatorTest.CLOCK,
            ValidationLimits.defaults());
    assertThat(r.format()).isEqualTo("parquet");
    assertThat(r.violations())
        .extracting(v -> v.row() + " " + v.line() + " " + v.rule() + ": " + v.message())
        .containsExactly(
            "1 null range: -3.0 is below the minimum 0",
            "2 null unique: '2' repeats the value first seen at row 1",
            "3 null allowed: 'lost' is not one of the allowed values: 'open', 'closed'");
  }

  @Test
  void jsonReportHasTheDocumentedFieldsAndParses() throws Exception {
    Path file = dir.resolve("data.csv");
    FrameWriter.write(sample(), file);
    ValidationReport r =
        Validator.validate(
            new FileSource(file),
            SchemaFile.parse(SCHEMA, "s.yaml"),
            ValidatorTest.CLOCK,
            new ValidationLimits(1));
    JsonNode json = Json.mapper().readTree(JsonReport.write(r));
    assertThat(json.get("file").asText()).isEqualTo(file.toString());
    assertThat(json.get("rows").asLong()).isEqualTo(4);
    assertThat(json.get("valid").asBoolean()).isFalse();
    assertThat(json.get("max_per_rule").asInt()).isEqualTo(1);
    JsonNode first = json.get("violations").get(0);
    assertThat(first.get("rule").asText()).isEqualTo("range");
    assertThat(first.get("column").asText()).isEqualTo("amount");
    assertThat(first.get("row").asLong()).isEqualTo(1);
    assertThat(first.get("line").asLong()).isEqualTo(3);
    assertThat(first.get("value").asText()).isEqualTo("-3.0");
    assertThat(first.has("check")).isTrue();
    assertThat(json.get("summary")).hasSize(r.summary().size());
    JsonNode range = json.get("summary").get(4);
    assertThat(range.get("rule").asText()).isEqualTo("range");
    assertThat(range.get("violations").asLong()).isEqualTo(1);
    assertThat(range.get("listed").asLong()).isEqualTo(1);
  }

  @Test
  void textReportHasCompilerStyleLinesThenTheSummary() {
    Path file = dir.resolve("data.csv");
    FrameWriter.write(sample(), file);
    ValidationReport r =
        Validator.validate(
            new FileSource(file),
            SchemaFile.parse(SCHEMA, "s.yaml"),
            ValidatorTest.CLOCK,
            ValidationLimits.defaults());
    StringWriter text = new StringWriter();
    TextReport.write(r, new PrintWriter(text));
    assertThat(text.toString())
        .startsWith(
            file
                + ":3: column 'amount': range: -3.0 is below the minimum 0\n"
                + file
                + ":4: column 'id': unique: '2' repeats the value first seen at line 3\n")
        .contains("rule           column         violations\n")
        .contains("allowed        status                  1\n")
        .endsWith(file + ": invalid: 3 violations of 3 of 6 rules (4 rows)\n");
  }

  @Test
  void aSuggestedSchemaValidatesTheFileItCameFromAndRoundTrips() throws Exception {
    Path file = dir.resolve("data.csv");
    Files.writeString(
        file,
        "order_id,amount,status,note,at\n"
            + "1,5.5,open,hello,2024-01-01 10:00:00\n"
            + "2,0,open,,2024-01-02 10:00:00\n"
            + "3,7,closed,\"\",2024-01-03 10:00:00\n"
            + "4,2,open,x,2024-01-04 10:00:00\n");
    SchemaSuggestion.Suggested s = SchemaSuggestion.suggest(new FileSource(file).read());
    String yaml = SchemaWriter.toYaml(s.schema(), s.notes());
    Schema back = SchemaFile.parse(yaml, "suggested.yaml");
    assertThat(back.rules()).isEqualTo(s.schema().rules());
    assertThat(yaml)
        .contains("  'order_id':\n    # observed 1 .. 4\n    type: integer\n    required: true\n")
        .contains("    unique: true\n")
        .contains(
            "  'amount':\n    # observed 0 .. 7\n    type: float\n    required: true\n    min: 0\n")
        .contains("allowed: ['closed', 'open']");
    assertThat(yaml).doesNotContain("'note':\n    type: text\n    required");
    ValidationReport r =
        Validator.validate(
            new FileSource(file), back, ValidatorTest.CLOCK, ValidationLimits.defaults());
    assertThat(r.violations()).isEmpty();
    assertThat(r.valid()).isTrue();
  }
}
