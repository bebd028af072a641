package dev.kiln.data.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.data.source.FileSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  ValidationReport validate(String csv, String schemaYaml) throws IOException {
    return validate("data.csv", csv, schemaYaml, ValidationLimits.defaults());
  }

  ValidationReport validate(String name, String content, String schemaYaml, ValidationLimits limits)
      throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return Validator.validate(new FileSource(file), schema(schemaYaml), CLOCK, limits);
  }

  static Schema schema(String yaml) {
    return SchemaFile.parse(yaml, "schema.yaml");
  }

  static long count(ValidationReport r, String rule) {
    return r.summary().stream()
        .filter(s -> s.rule().equals(rule))
        .mapToLong(RuleSummary::violations)
        .sum();
  }

  static List<String> messages(ValidationReport r, String rule) {
    return r.violations().stream()
        .filter(v -> v.rule().equals(rule))
        .map(v -> v.line() + ": " + v.message())
        .toList();
  }

  @Test
  void reportsAValueThatIsNotOfTheColumnsTypeWithItsLine() throws IOException {
    ValidationReport r =
        validate(
            "id,amount,ok,at\n1,1.5,true,2024-01-01\nx,abc,maybe,yesterday\n3,2,false,\n",
            "columns: {id: integer, amount: float, ok: boolean, at: timestamp}");
    assertThat(messages(r, "type"))
        .containsExactly(
            "3: 'x' is not an integer",
            "3: 'abc' is not a number",
            "3: 'maybe' is not a boolean (true/false)",
            "3: 'yesterday' is not a timestamp");
    assertThat(r.valid()).isFalse();
  }

  @Test
  void acceptsWholeNumbersWrittenAsDecimalsButNotFractionsInAnIntegerColumn() throws IOException {
    ValidationReport r = validate("n\n1.0\n1e3\n1.5\n", "columns: {n: integer}");
    assertThat(messages(r, "type")).containsExactly("4: '1.5' is not an integer");
  }

  @Test
  void passesAFileThatSatisfiesEveryRule() throws IOException {
    ValidationReport r =
        validate(
            "id,email,amount,status,at\n"
                + "1,a@x.org,10,open,2024-02-28 10:00:00\n"
                + "2,b@x.org,0,closed,2024-02-27\n",
            """
            columns:
              id: {type: integer, required: true, unique: true}
              email: {type: text, regex: '[a-z]+@[a-z]+\\.org'}
              amount: {type: float, min: 0, max: 100, max_null_rate: 0}
              status: {type: categorical, allowed: [open, closed]}
              at: {type: timestamp, freshness: 7d}
            rows: {min: 1, max: 10}
            checks:
              - {name: small, sql: "amount < 50 OR status = 'closed'"}
            """);
    assertThat(r.valid()).isTrue();
    assertThat(r.violations()).isEmpty();
    assertThat(r.summary())
        .extracting(RuleSummary::rule)
        .containsExactly(
            "columns",
            "type",
            "type",
            "type",
            "required",
            "unique",
            "regex",
            "range",
            "max_null_rate",
            "allowed",
            "freshness",
            "row_count",
            "check");
  }

  @Test
  void requiredFlagsNullsAndBlankTextButNotBlankNumbersTwice() throws IOException {
    ValidationReport r =
        validate(
            "name,n\nann,1\n,2\n\"  \",3\nbo,\n",
            "columns: {name: {type: text, required: true}, n: {type: integer, required: true}}");
    assertThat(messages(r, "required"))
        .containsExactly(
            "3: the value is missing", "4: the value is blank ('  ')", "5: the value is missing");
  }

  @Test
  void rangeReportsValuesBelowAboveAndNaN() throws IOException {
    ValidationReport r =
        validate("x\n5\n-1\n11\nNaN\n10\n0\n", "columns: {x: {type: float, min: 0, max: 10}}");
    assertThat(messages(r, "range"))
        .containsExactly(
            "3: -1 is below the minimum 0",
            "4: 11 is above the maximum 10",
            "5: NaN is not a number in [0, 10]");
  }

  @Test
  void allowedComparesTextExactlyAndNumbersAsNumbers() throws IOException {
    ValidationReport r =
        validate(
            "s,n\nopen,1\nOpen,1.0\n,3\n",
            "columns: {s: {type: categorical, allowed: [open]}, n: {type: integer, allowed: [1, 2]}}");
    assertThat(messages(r, "allowed"))
        .containsExactly(
            "3: 'Open' is not one of the allowed values: 'open'",
            "4: '3' is not one of the allowed values: '1', '2'");
  }

  @Test
  void regexMustMatchTheWholeValue() throws IOException {
    ValidationReport r =
        validate(
            "code\nAB12\nAB123x\nab12\n", "columns: {code: {type: text, regex: '[A-Z]{2}\\d+'}}");
    assertThat(messages(r, "regex"))
        .containsExactly(
            "3: 'AB123x' does not match the pattern '[A-Z]{2}\\d+'",
            "4: 'ab12' does not match the pattern '[A-Z]{2}\\d+'");
  }

  @Test
  void maxNullRateReportsTheShareOfNulls() throws IOException {
    ValidationReport r =
        validate("x\n1\n\n\n4\n", "columns: {x: {type: integer, max_null_rate: 0.25}}");
    assertThat(messages(r, "max_null_rate"))
        .containsExactly("null: 50% of the values are null (2 of 4 rows); at most 25% may be");
    assertThat(
            validate("x\n1\n\n3\n4\n", "columns: {x: {type: integer, max_null_rate: 0.25}}")
                .valid())
        .isTrue();
  }

  @Test
  void uniqueReportsEveryRepeatWithTheLineWhereTheValueWasFirstSeen() throws IOException {
    ValidationReport r =
        validate("id\n7\n8\n7\n\n\n7.0\n", "columns: {id: {type: integer, unique: true}}");
    assertThat(messages(r, "unique"))
        .containsExactly(
            "4: '7' repeats the value first seen at line 2",
            "7: '7.0' repeats the value first seen at line 2");
  }

  @Test
  void rowCountChecksBothBounds() throws IOException {
    assertThat(
            messages(validate("x\n1\n2\n", "columns: {x: integer}\nrows: {min: 3}"), "row_count"))
        .containsExactly("null: the file has 2 rows; at least 3 required");
    assertThat(
            messages(validate("x\n1\n2\n", "columns: {x: integer}\nrows: {max: 1}"), "row_count"))
        .containsExactly("null: the file has 2 rows; at most 1 allowed");
  }

  @Test
  void freshnessComparesTheNewestTimestampWithTheClock() throws IOException {
    String schema = "columns: {at: {type: timestamp, freshness: 2d}}";
    ValidationReport stale = validate("at\n2024-02-20 00:00:00\n2024-02-27T12:00:00Z\n", schema);
    assertThat(messages(stale, "freshness"))
        .containsExactly(
            "null: the newest timestamp, 2024-02-27T12:00:00Z, is 2d 12h old at"
                + " 2024-03-01T00:00:00Z; at most 2d allowed");
    assertThat(validate("at\n2024-02-28T01:00:00+01:00\n", schema).valid()).isTrue();
    assertThat(validate("at\n2024-02-28T01:00:00+03:00\n", schema).valid()).isFalse();
  }

  @Test
  void checkIsViolatedOnlyWhereItsSqlIsFalseAndComparesTypedValues() throws IOException {
    ValidationReport r =
        validate(
            "lo,hi\n1,9\n10,9\n,5\n2,10\n",
            "columns: {lo: integer, hi: integer}\n"
                + "checks:\n  - {name: ordered, sql: lo <= hi}\n");
    assertThat(messages(r, "check"))
        .containsExactly("3: the condition is false for lo=10, hi=9: lo <= hi");
    assertThat(r.violations().get(0).check()).isEqualTo("ordered");
  }

  @Test
  void aCheckWhoseSqlIsInvalidIsAUserErrorNamingTheCheck() {
    assertThatThrownBy(
            () ->
                validate(
                    "a\n1\n",
                    "columns: {a: integer}\nchecks:\n  - {name: broken, sql: 'a >>> nope('}\n"))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith("check 'broken': its SQL is not valid here:");
    assertThatThrownBy(
            () ->
                validate("a\n1\n", "columns: {a: integer}\nchecks:\n  - {name: num, sql: a + 1}\n"))
        .isInstanceOf(UserException.class)
        .hasMessage("check 'num': its SQL must be a true/false condition but gives BIGINT: a + 1");
  }

  @Test
  void aCheckThatFailsOnTheDataIsAUserErrorWithTheEnginesReason() {
    assertThatThrownBy(
            () ->
                validate(
                    "name\nabc\n",
                    "columns: {name: text}\nchecks:\n"
                        + "  - {name: castfail, sql: CAST(name AS INTEGER) > 0}\n"))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "check 'castfail': check cannot be evaluated on this data: Could not convert string"
                + " 'abc' to INT32");
  }

  @Test
  void aCheckCannotReadFiles() {
    assertThatThrownBy(
            () ->
                validate(
                    "a\n1\n",
                    "columns: {a: integer}\nchecks:\n"
                        + "  - {name: sneaky, sql: \"(SELECT count(*) FROM read_text('/etc/hostname')) > 0\"}\n"))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("check 'sneaky'")
        .hasMessageContaining("disabled");
  }

  @Test
  void columnsMissingFromEitherSideAreViolationsAndOtherRulesStillRun() throws IOException {
    ValidationReport r =
        validate(
            "id,Amount,extra\n1,5,x\n",
            """
            columns:
              id: {type: integer, min: 2}
              amount: {type: float, required: true}
            checks:
              - {name: uses_missing, sql: amount > 0}
            """);
    assertThat(messages(r, "columns"))
        .containsExactly(
            "null: the schema's column 'amount' is not in the file (the file has 'Amount'; names"
                + " are case-sensitive)",
            "null: the file's column 'Amount' is not in the schema",
            "null: the file's column 'extra' is not in the schema");
    assertThat(messages(r, "range")).containsExactly("2: 1 is below the minimum 2");
  }

  @Test
  void reportsManyViolationsOfSeveralRulesWithPhysicalLinesAfterAMultiLineField()
      throws IOException {
    String csv =
        "id,note,amount\r\n"
            + "1,\"first\nsecond\nthird\",5\r\n" // row 0 spans lines 2-4
            + "2,plain,-1\r\n" // line 5
            + "\r\n" // blank line 6, skipped by the reader
            + "2,\"a, \"\"quoted\"\" one\",abc\r\n" // line 7
            + "4,\"\",7\r\n"; // line 8
    ValidationReport r =
        validate(
            csv,
            """
            columns:
              id: {type: integer, unique: true}
              note: {type: text, required: true}
              amount: {type: float, min: 0}
            """);
    assertThat(r.rows()).isEqualTo(4);
    assertThat(r.violations())
        .extracting(
            v -> v.line() + " " + v.row() + " " + v.rule() + " " + v.column() + " " + v.value())
        .containsExactly(
            "5 1 range amount -1", "7 2 type amount abc", "7 2 unique id 2", "8 3 required note ");
    assertThat(messages(r, "unique"))
        .containsExactly("7: '2' repeats the value first seen at line 5");
  }

  @Test
  void countsCoverEveryViolationWhileTheListingIsCapped() throws IOException {
    StringBuilder csv = new StringBuilder("x\n");
    for (int i = 0; i < 250; i++) {
      csv.append(i % 2 == 0 ? "bad" : "1").append('\n');
    }
    ValidationReport capped =
        validate("data.csv", csv.toString(), "columns: {x: integer}", new ValidationLimits(3));
    assertThat(count(capped, "type")).isEqualTo(125);
    assertThat(capped.violations()).extracting(Violation::line).containsExactly(2L, 4L, 6L);
    assertThat(capped.summary().get(1).listed()).isEqualTo(3);
    ValidationReport all =
        validate("data.csv", csv.toString(), "columns: {x: integer}", new ValidationLimits(0));
    assertThat(all.violations()).hasSize(125);
  }

  @Test
  void jsonLinesLinesSkipBlankLines() throws IOException {
    ValidationReport r =
        validate(
            "data.jsonl",
            "{\"id\": 1, \"tag\": \"a\"}\n\n{\"id\": \"two\", \"tag\": {\"k\": 1}}\n{\"id\": 3}\n",
            "columns: {id: integer, tag: {type: text, required: true}}",
            ValidationLimits.defaults());
    assertThat(r.violations())
        .extracting(v -> v.line() + " " + v.rule() + " " + v.value())
        .containsExactly("3 type two", "4 required null");
  }

  @Test
  void readErrorsAreTheSameOneLineErrorsAsReading() throws IOException {
    String schema = "columns: {a: integer, b: integer}";
    assertThatThrownBy(() -> validate("data.csv", "a,b\n", schema, ValidationLimits.defaults()))
        .hasMessageEndingWith("data.csv: the file has a header but no data rows");
    assertThatThrownBy(() -> validate("data.csv", "", schema, ValidationLimits.defaults()))
        .hasMessageEndingWith("data.csv: the file is empty");
    assertThatThrownBy(
            () -> validate("data.csv", "a,a\n1,2\n", schema, ValidationLimits.defaults()))
        .hasMessageEndingWith("data.csv line 1, column 2: duplicate column name 'a'");
    assertThatThrownBy(
            () -> validate("data.csv", "a,b\n1,2\n3,4,5\n", schema, ValidationLimits.defaults()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("expected 2 fields");
    Path latin1 = dir.resolve("latin1.csv");
    Files.write(latin1, new byte[] {'a', ',', 'b', '\n', '1', ',', (byte) 0xE9, '\n'});
    assertThatThrownBy(
            () ->
                Validator.validate(
                    new FileSource(latin1), schema(schema), CLOCK, ValidationLimits.defaults()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("invalid UTF-8");
    assertThatThrownBy(
            () ->
                Validator.validate(
                    new FileSource(dir.resolve("nope.csv")),
                    schema(schema),
                    CLOCK,
                    ValidationLimits.defaults()))
        .isInstanceOf(UserException.class)
        .hasMessage("file not found: " + dir.resolve("nope.csv"));
  }
}
