package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Task;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.schema.Field;
import dev.kiln.data.synth.Payments;
import dev.kiln.serve.HttpError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reader of the common {@code dataframe_split} request gives exactly the general
 * parser's rows, and leaves every other body to it.
 */
class SplitBytesTest {
  /** A model on the payments' two numeric inputs: {@code amount}, nullable {@code distance…}. */
  static final ServedModel MODEL = ServedModel.of("numeric", "1", numericModel());

  private static final String AMOUNT = "amount";
  private static final String DISTANCE = "distance_from_home_km";

  private static Predictor numericModel() {
    List<Field> inputs =
        Payments.schema().fields().stream().filter(f -> f.type() == ColumnType.FLOAT).toList();
    try {
      Path dir = Files.createTempDirectory("kiln-split-bytes");
      dir.toFile().deleteOnExit();
      return Predictor.load(
          TrainedPayments.bundle(
              dir.resolve("numeric"),
              "numeric",
              Payments.generate(500, 5),
              inputs,
              "is_fraud",
              Task.binary(),
              List.of("0", "1"),
              "xgboost",
              Map.of("num_boost_round", 3),
              1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Batch fast(ServedModel model, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return SplitBytes.parse(model, bytes, bytes.length);
  }

  /** The general parser's rows, or null where it answers an error. */
  private static Batch general(ServedModel model, String body) {
    try {
      return InvocationsJson.parse(
              model, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
          .batch();
    } catch (HttpError | IOException e) {
      return null;
    }
  }

  /**
   * Where the general parser refuses, the fast path steps aside; where it reads, both agree.
   * Returns whether the fast path read the body.
   */
  private static boolean assertAgrees(ServedModel model, String body) {
    Batch general = general(model, body);
    Batch fast = fast(model, body);
    if (general == null) {
      assertThat(fast).as("a body the general parser refuses: %s", body).isNull();
      return false;
    }
    if (fast != null) {
      assertThat(fast.size()).as(body).isEqualTo(general.size());
      for (int r = 0; r < general.size(); r++) {
        // Double.equals compares bits: -0.0 is not 0.0
        assertThat(fast.row(r)).as("row %d of %s", r, body).containsExactly(general.row(r));
      }
      assertSameFrame(fast.toFrame(), general.toFrame(), body);
    }
    return fast != null;
  }

  /** The predictor's input: the same columns, values (to the bit) and missing values. */
  private static void assertSameFrame(Frame fast, Frame general, String body) {
    assertThat(fast.rowCount()).as(body).isEqualTo(general.rowCount());
    for (InputField f : MODEL.inputs()) {
      for (int r = 0; r < general.rowCount(); r++) {
        assertThat(fast.column(f.name()).get(r))
            .as("%s in row %d of %s", f.name(), r, body)
            .isEqualTo(general.column(f.name()).get(r));
      }
    }
  }

  private static String body(List<String> columns, List<List<String>> rows, String space) {
    StringBuilder s = new StringBuilder();
    s.append('{').append(space).append("\"dataframe_split\"").append(space).append(':');
    s.append(space).append("{\"columns\"").append(space).append(":[");
    for (int c = 0; c < columns.size(); c++) {
      s.append(c > 0 ? "," + space : space).append('"').append(columns.get(c)).append('"');
    }
    s.append(space).append("],").append(space).append("\"data\":").append(space).append('[');
    for (int r = 0; r < rows.size(); r++) {
      s.append(r > 0 ? "," : "").append(space).append('[');
      s.append(String.join("," + space, rows.get(r))).append(space).append(']');
    }
    return s.append("]}").append(space).append('}').append(space).toString();
  }

  @Provide
  Arbitrary<String> numbers() {
    Arbitrary<String> doubles =
        Arbitraries.doubles()
            .between(-1e300, 1e300)
            .edgeCases(e -> e.add(0.0))
            .map(String::valueOf);
    Arbitrary<String> decimals =
        Arbitraries.integers()
            .between(-999_999, 999_999)
            .flatMap(
                i ->
                    Arbitraries.integers()
                        .between(0, 8)
                        .map(k -> new java.math.BigDecimal(i).movePointLeft(k).toPlainString()));
    Arbitrary<String> longs = Arbitraries.longs().map(String::valueOf);
    Arbitrary<String> written =
        Arbitraries.of(
            "0",
            "-0",
            "0.0",
            "-0.0",
            "1e22",
            "1E+22",
            "1e-22",
            "1e23",
            "9.999999999999999e22",
            "123456789012345678",
            "1234567890123456789",
            "-9223372036854775808",
            "99999999999999999999",
            "9007199254740993",
            "9007199254740993.0",
            "0.1",
            "0.30000000000000004",
            "1.7976931348623157e308",
            "4.9e-324",
            "2.2250738585072014E-308",
            "1e400",
            "-1e400",
            "0.000000000000000000000001",
            "12345.678901234567890123",
            "1e-400",
            "0e999999999",
            "5e-1",
            "1.5E-0",
            "100000000000000000000000.5");
    return Arbitraries.oneOf(doubles, decimals, longs, written);
  }

  @Property(tries = 300)
  void readsNumbersAsTheGeneralParserDoes(
      @ForAll("numbers") String amount,
      @ForAll("numbers") String distance,
      @ForAll boolean distanceFirst,
      @ForAll("spaces") String space) {
    List<String> columns = distanceFirst ? List.of(DISTANCE, AMOUNT) : List.of(AMOUNT, DISTANCE);
    List<String> row = distanceFirst ? List.of(distance, amount) : List.of(amount, distance);
    String body = body(columns, List.of(row, row), space);
    boolean read = assertAgrees(MODEL, body);
    // the fast path leaves only integers of 19+ digits and out-of-range numbers to the general one
    boolean plain =
        row.stream()
            .allMatch(t -> !t.matches("-?[0-9]{19,}") && Double.isFinite(Double.parseDouble(t)));
    assertThat(read).as(body).isEqualTo(plain);
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.of("", " ", "\n  ", "\t", "\r\n");
  }

  @Test
  void readsPlainRequestsItself() {
    String body = body(List.of(AMOUNT, DISTANCE), List.of(List.of("12.5", "-0.0")), " ");
    Batch batch = fast(MODEL, body);
    assertThat(batch).isNotNull();
    assertThat(batch.row(0)).containsExactly(12.5, -0.0);
    assertAgrees(MODEL, body);
    Batch many =
        fast(
            MODEL,
            body(
                List.of(DISTANCE, AMOUNT), List.of(List.of("1", "2"), List.of("3e2", "4.25")), ""));
    assertThat(many).isNotNull();
    assertThat(many.row(0)).containsExactly(2.0, 1.0);
    assertThat(many.row(1)).containsExactly(4.25, 300.0);
  }

  @Test
  void keepsTheNumbersTextForTheLogAsTheGeneralParserDoes() {
    String body =
        body(
            List.of(AMOUNT, DISTANCE),
            List.of(List.of("12.50", "7"), List.of("1e-400", "-3E2")),
            "");
    Batch fast = fast(MODEL, body);
    Batch general = general(MODEL, body);
    int amount = MODEL.input(AMOUNT).position();
    int distance = MODEL.input(DISTANCE).position();
    assertThat(text(fast, 0, amount)).isEqualTo("12.50").isEqualTo(text(general, 0, amount));
    assertThat(text(fast, 0, distance)).isEqualTo("7.0").isEqualTo(text(general, 0, distance));
    assertThat(text(fast, 1, amount)).isNull(); // an underflow: the log formats the double
    assertThat(text(general, 1, amount)).isNull();
    assertThat(text(fast, 1, distance)).isEqualTo("-3E2").isEqualTo(text(general, 1, distance));
    String zero = body(List.of(AMOUNT), List.of(List.of("-0")), "");
    assertThat(text(fast(MODEL, zero), 0, amount)).isNull(); // "-0.0" would read as -0.0, not 0.0
    assertThat(text(general(MODEL, zero), 0, amount)).isNull();
  }

  private static String text(Batch batch, int row, int position) {
    byte[] text = new byte[256];
    int n = batch.text().copy(row, position, text, 0);
    return n == 0 ? null : new String(text, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
  }

  @Test
  void reusesTheFieldsOfTheColumnListItSawLast() {
    ServedModel model = ServedModel.of("numeric", "2", MODEL.predictor());
    String body = body(List.of(AMOUNT, DISTANCE), List.of(List.of("1", "2")), " ");
    assertThat(fast(model, body)).isNotNull();
    SplitBytes.Columns first = model.splitColumns();
    assertThat(fast(model, body)).isNotNull();
    assertThat(model.splitColumns()).isSameAs(first);
    Batch swapped = fast(model, body(List.of(DISTANCE, AMOUNT), List.of(List.of("1", "2")), " "));
    assertThat(swapped.row(0)).containsExactly(2.0, 1.0);
    assertThat(model.splitColumns()).isNotSameAs(first);
  }

  @Test
  void leavesAMissingNullableColumnAbsentAndAMissingRequiredOneToTheGeneralParser() {
    String body = body(List.of(AMOUNT), List.of(List.of("7"), List.of("8")), "");
    Batch only = fast(MODEL, body);
    assertThat(only.row(0)).containsExactly(7.0, null);
    assertThat(MODEL.predictor().predict(only.toFrame()))
        .containsExactly(MODEL.predictor().predict(general(MODEL, body).toFrame()));
    assertThat(fast(MODEL, body(List.of(DISTANCE), List.of(List.of("7")), ""))).isNull();
  }

  @Test
  void leavesEveryOtherShapeToTheGeneralParser() {
    List<String> others =
        List.of(
            "{\"dataframe_split\":{\"data\":[[1,2]],\"columns\":[\"amount\",\"distance_from_home_km\"]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1]],\"index\":[0]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1]]},\"params\":{}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[null]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[\"1\"]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[NaN]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[true]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1,2]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\",\"amount\"],\"data\":[[1,2]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amoun\\u0074\"],\"data\":[[1]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\",\"bogus\"],\"data\":[[1,2]]}}",
            "{\"dataframe_split\":{\"columns\":[],\"data\":[[1]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[01]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1.]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[+1]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1e]]}}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1]]}} x",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1]]}",
            "{\"dataframe_split\":{\"columns\":[\"amount\"],\"data\":[[1],]}}",
            "{\"dataframe_records\":[{\"amount\":1}]}",
            "[]",
            "");
    for (String body : others) {
      assertThat(fast(MODEL, body)).as(body).isNull();
    }
  }

  @Test
  void stepsAsideForAModelWithInputsOtherThanNumbers() {
    ServedModel payments = PaymentsModel.served("1");
    String body = body(List.of(AMOUNT), List.of(List.of("1")), "");
    assertThat(fast(payments, body)).isNull();
  }

  @Property(tries = 1000)
  void agreesWithTheGeneralParserOnDamagedBodies(
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll("damage") String what,
      @ForAll @IntRange(min = 0, max = 2) int how) {
    String good =
        body(
            List.of(DISTANCE, AMOUNT),
            List.of(List.of("1.5", "-2e3"), List.of("0", "123456.789")),
            " ");
    int at = where % good.length();
    String bad;
    switch (how) {
      case 0:
        bad = good.substring(0, at) + good.substring(at + 1);
        break;
      case 1:
        bad = good.substring(0, at) + what + good.substring(at);
        break;
      default:
        bad = good.substring(0, at) + what + good.substring(at + 1);
    }
    assertAgrees(MODEL, bad);
  }

  @Provide
  Arbitrary<String> damage() {
    List<String> pieces = new ArrayList<>(List.of("{", "}", "[", "]", ",", ":", "\"", "\\", "-"));
    pieces.addAll(List.of("e", "E", ".", "+", "0", "9", " ", "x", "é", "null", "\u0001"));
    return Arbitraries.of(pieces);
  }
}
