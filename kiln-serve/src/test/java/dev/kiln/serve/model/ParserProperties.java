package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.serve.HttpError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Property tests of the scoring parsers: every format reads back the rows it was written from. */
class ParserProperties {
  private static final ServedModel MODEL = PaymentsModel.served("1");

  /** One generated row: JSON-ready values by input name, and the row the parser must produce. */
  record Row(Map<String, Object> sent, Object[] expected) {}

  @Provide
  Arbitrary<List<Row>> rows() {
    List<Arbitrary<Object[]>> columns = new ArrayList<>();
    for (InputField f : MODEL.inputs()) {
      columns.add(value(f));
    }
    Arbitrary<Row> row =
        Combinators.combine(columns)
            .as(
                values -> {
                  Map<String, Object> sent = new LinkedHashMap<>();
                  Object[] expected = new Object[values.size()];
                  for (InputField f : MODEL.inputs()) {
                    Object[] pair = values.get(f.position());
                    sent.put(f.name(), pair[0]);
                    expected[f.position()] = pair[1];
                  }
                  return new Row(sent, expected);
                });
    return row.list().ofMinSize(1).ofMaxSize(12);
  }

  /** {sent, expected} for one column. */
  private static Arbitrary<Object[]> value(InputField f) {
    Arbitrary<Object[]> v;
    switch (f.type()) {
      case INTEGER:
        v = Arbitraries.longs().between(-1L << 52, 1L << 52).map(x -> new Object[] {x, x});
        break;
      case FLOAT:
        v =
            Arbitraries.doubles()
                .between(-1e12, 1e12)
                .edgeCases(e -> e.add(0.0))
                .map(x -> new Object[] {x, x});
        break;
      case BOOLEAN:
        v = Arbitraries.of(true, false).map(x -> new Object[] {x, x});
        break;
      case TIMESTAMP:
        v =
            Arbitraries.longs()
                .between(0, 4_000_000_000L)
                .map(
                    s -> {
                      Instant t = Instant.ofEpochSecond(s);
                      return new Object[] {t.toString(), s * 1_000_000L};
                    });
        break;
      default:
        Arbitrary<String> text =
            Arbitraries.strings()
                .ofMinLength(1)
                .ofMaxLength(12)
                .withChars("abcXYZ ,\"\n\té€;:")
                .filter(s -> !s.isBlank());
        Arbitrary<String> any =
            f.categories().isEmpty()
                ? text
                : Arbitraries.oneOf(Arbitraries.of(f.categories()), text);
        v = any.map(x -> new Object[] {x, x});
    }
    return f.nullable() ? v.injectNull(0.2).map(p -> p == null ? new Object[] {null, null} : p) : v;
  }

  private static List<Map<String, Object>> sent(List<Row> rows) {
    return rows.stream().map(Row::sent).toList();
  }

  private static void assertRows(Batch batch, List<Row> rows) {
    assertThat(batch.size()).isEqualTo(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      assertThat(batch.row(r)).as("row %d", r).containsExactly(rows.get(r).expected());
    }
  }

  private static ByteArrayInputStream in(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 200)
  void dataframeSplitReadsBackItsRows(@ForAll("rows") List<Row> rows) throws IOException {
    assertRows(InvocationsJson.parse(MODEL, in(Requests.split(sent(rows)))).batch(), rows);
  }

  @Property(tries = 200)
  void recordsAndColumnsReadBackTheirRows(@ForAll("rows") List<Row> rows) throws IOException {
    for (String key : List.of("dataframe_records", "instances", "inputs")) {
      assertRows(InvocationsJson.parse(MODEL, in(Requests.records(key, sent(rows)))).batch(), rows);
    }
    for (String key : List.of("instances", "inputs")) {
      assertRows(InvocationsJson.parse(MODEL, in(Requests.columns(key, sent(rows)))).batch(), rows);
    }
  }

  @Property(tries = 200)
  void csvReadsBackItsRows(@ForAll("rows") List<Row> rows) {
    byte[] body = Requests.csv(sent(rows)).getBytes(StandardCharsets.UTF_8);
    assertRows(InvocationsCsv.parse(MODEL, body), rows);
  }

  @Property(tries = 200)
  void oipInferReadsBackItsRows(@ForAll("rows") List<Row> rows) throws IOException {
    InferRequest request = InferRequest.parse(MODEL, in(Requests.infer(MODEL, sent(rows), "x")));
    assertThat(request.id()).isEqualTo("x");
    assertRows(request.batch(), rows);
  }

  @Property(tries = 200)
  void oipInferReadsBackItsRowsWhateverTheOrderOfATensorsFields(
      @ForAll("rows") List<Row> rows, @ForAll long seed) throws IOException {
    com.fasterxml.jackson.databind.JsonNode sent =
        dev.kiln.core.json.Json.mapper().readTree(Requests.infer(MODEL, sent(rows), null));
    java.util.Random random = new java.util.Random(seed);
    List<String> tensors = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode t : sent.get("inputs")) {
      List<String> fields = new ArrayList<>();
      t.fields().forEachRemaining(e -> fields.add(Requests.write(e.getKey()) + ":" + e.getValue()));
      if (random.nextBoolean()) {
        fields.add("\"parameters\":{\"note\":[1]}");
      }
      java.util.Collections.shuffle(fields, random);
      tensors.add("{" + String.join(",", fields) + "}");
    }
    java.util.Collections.shuffle(tensors, random);
    String body = "{\"inputs\":[" + String.join(",", tensors) + "]}";
    assertRows(InferRequest.parse(MODEL, in(body)).batch(), rows);
  }

  @Property(tries = 300)
  void aCorruptedBodyIsRefusedAsTheCallersMistakeOrStillReadsRows(
      @ForAll("rows") List<Row> rows,
      @ForAll @IntRange(min = 0, max = 4) int format,
      @ForAll @IntRange(min = 0, max = 10_000) int at,
      @ForAll @IntRange(min = 0, max = 6) int cut,
      @ForAll("junk") String junk) {
    String body =
        switch (format) {
          case 0 -> Requests.split(sent(rows));
          case 1 -> Requests.records("dataframe_records", sent(rows));
          case 2 -> Requests.columns("inputs", sent(rows));
          case 3 -> Requests.csv(sent(rows));
          default -> Requests.infer(MODEL, sent(rows), null);
        };
    int i = at % body.length();
    String bad = body.substring(0, i) + junk + body.substring(Math.min(body.length(), i + cut));
    try {
      Batch batch =
          switch (format) {
            case 3 -> InvocationsCsv.parse(MODEL, bad.getBytes(StandardCharsets.UTF_8));
            case 4 -> InferRequest.parse(MODEL, in(bad)).batch();
            default -> InvocationsJson.parse(MODEL, in(bad)).batch();
          };
      assertThat(batch.size()).isPositive();
    } catch (HttpError e) {
      assertThat(e.code().status()).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank();
    } catch (JsonProcessingException e) {
      assertThat(e.getOriginalMessage()).isNotBlank(); // rendered as 400 MALFORMED_REQUEST
    } catch (IOException e) {
      throw new AssertionError("an I/O failure on an in-memory body: " + e, e);
    }
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            "",
            "\"",
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "null",
            "NaN",
            "-Infinity",
            "1e999",
            "1.5",
            "\"x\"",
            "true",
            "[[]]",
            "{}",
            "99999999999999999999999",
            "\u0000",
            "\\",
            "\"ts\""),
        Arbitraries.strings().ofMaxLength(6));
  }
}
