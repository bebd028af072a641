package dev.kiln.data.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.UserException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever a schema file holds, reading it either succeeds or fails with one user error that names
 * the file: never a crash, never a stack trace for the user.
 */
class SchemaFileFuzzTest {
  private static final String VALID =
      """
      columns:
        id: {type: text, required: true, unique: true, regex: 'p[0-9]+'}
        amount:
          type: float
          min: 0
          max: 100
          max_null_rate: 0.1
        kind: {type: categorical, allowed: [a, b, c]}
        ts: {type: timestamp, freshness: 30d}
      rows: {min: 1, max: 1000}
      checks:
        - name: positive
          sql: amount > 0
      """;

  /** An edit: at a position, delete some characters and insert others. */
  record Edit(double at, int delete, String insert) {}

  @Provide
  Arbitrary<java.util.List<Edit>> edits() {
    Arbitrary<Edit> edit =
        Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 12),
                Arbitraries.strings().withChars(":- \n\t[]{}'\"#a1,.&*!|>%@`\\").ofMaxLength(4))
            .as(Edit::new);
    return edit.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 400)
  void anyEditedSchemaParsesOrFailsWithAUserError(@ForAll("edits") java.util.List<Edit> edits) {
    StringBuilder yaml = new StringBuilder(VALID);
    for (Edit e : edits) {
      int at = (int) (e.at() * yaml.length());
      yaml.delete(at, Math.min(yaml.length(), at + e.delete()));
      yaml.insert(at, e.insert());
    }
    try {
      SchemaFile.parse(yaml.toString(), "fuzz.yaml");
    } catch (UserException e) {
      assertThat(e.getMessage()).startsWith("fuzz.yaml").doesNotContain("\n\tat ");
    }
  }
}
