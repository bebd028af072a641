package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link InferBytes} reading a model of float inputs straight into columns, against {@link
 * InferRequest#parse}: the same rows (to the bit) or the same error, whatever the datatype, shape,
 * nesting, order or damage; and the plain layout really read as columns, its numbers' text kept.
 */
class InferColumnsTest {
  private static final ServedModel MODEL = SplitBytesTest.MODEL; // amount, nullable distance
  private static final String AMOUNT = "amount";
  private static final String DISTANCE = "distance_from_home_km";

  /** A tensor as the test writes it. */
  private record Tensor(String name, String datatype, String shape, String data) {
    String json(String space) {
      return "{"
          + space
          + "\"name\":\""
          + name
          + "\","
          + space
          + "\"datatype\":\""
          + datatype
          + "\",\"shape\":"
          + shape
          + ","
          + space
          + "\"data\":"
          + data
          + "}";
    }
  }

  private static String body(List<Tensor> tensors, String space) {
    List<String> parts = new ArrayList<>();
    for (Tensor t : tensors) {
      parts.add(t.json(space));
    }
    return "{" + space + "\"inputs\":" + space + "[" + String.join("," + space, parts) + "]}";
  }

  /** The scanner's request: null when it declined (the general parser then reads the body). */
  private static InferRequest fast(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return InferBytes.read(MODEL, bytes, bytes.length);
  }

  /** Asserts the scanner agrees with the general parser; answers whether it read columns. */
  private static boolean assertAgrees(String body) {
    String general =
        InferBytesProperties.outcome(
            () ->
                InferRequest.parse(
                    MODEL, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    InferRequest[] read = new InferRequest[1];
    String fast =
        InferBytesProperties.outcome(
            () -> {
              read[0] = fast(body);
              if (read[0] == null) {
                throw new InferBytesProperties.Declined();
              }
              return read[0];
            });
    if (fast.equals(InferBytesProperties.DECLINED)) {
      return false;
    }
    assertThat(fast).as(body).isEqualTo(general);
    return read[0] != null && read[0].batch().text() != null;
  }

  @Provide
  Arbitrary<String> numbers() {
    return new SplitBytesTest().numbers();
  }

  @Property(tries = 300)
  void readsColumnsAsTheGeneralParserReadsTensors(
      @ForAll("numbers") String a1,
      @ForAll("numbers") String a2,
      @ForAll("numbers") String d1,
      @ForAll("numbers") String d2,
      @ForAll boolean distanceFirst,
      @ForAll boolean column,
      @ForAll("floats") String datatype,
      @ForAll("spaces") String space) {
    String shape = column ? "[2,1]" : "[2]";
    Tensor amount = new Tensor(AMOUNT, datatype, shape, "[" + a1 + "," + space + a2 + "]");
    Tensor distance = new Tensor(DISTANCE, "FP64", shape, "[" + d1 + "," + d2 + "]");
    String body =
        body(distanceFirst ? List.of(distance, amount) : List.of(amount, distance), space);
    boolean columns = assertAgrees(body);
    // left to the tensor reading: integers of 19+ digits and numbers out of range
    boolean plain =
        List.of(a1, a2, d1, d2).stream()
            .allMatch(t -> !t.matches("-?[0-9]{19,}") && Double.isFinite(Double.parseDouble(t)));
    assertThat(columns).as(body).isEqualTo(plain);
  }

  @Provide
  Arbitrary<String> floats() {
    return Arbitraries.of("FP64", "FP32", "FP16");
  }

  @Provide
  Arbitrary<String> spaces() {
    return Arbitraries.of("", " ", "\n  ", "\t");
  }

  @Test
  void leavesEveryOtherTensorToTheTensorReadingAndItsErrors() {
    Tensor amount = new Tensor(AMOUNT, "FP64", "[2]", "[1.5,2]");
    Tensor distance = new Tensor(DISTANCE, "FP64", "[2]", "[3,4.25]");
    assertThat(assertAgrees(body(List.of(amount, distance), ""))).isTrue();
    List<String> others =
        List.of(
            body(List.of(amount), ""), // a nullable input left out
            body(List.of(amount, amount), ""), // repeated
            body(List.of(amount, new Tensor(DISTANCE, "INT64", "[2]", "[3,4]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[2]", "[[3],[4]]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[2,1]", "[[3],[4]]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[3]", "[3,4]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[1]", "[3]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[2,2]", "[3,4,5,6]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[2]", "[3,null]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[2]", "[3,\"4\"]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "BYTES", "[2]", "[\"a\",\"b\"]")), ""),
            body(List.of(amount, new Tensor(DISTANCE, "FP64", "[0]", "[]")), ""),
            body(List.of(amount, new Tensor("nope", "FP64", "[2]", "[3,4]")), ""),
            // the binary tensor data extension is the general parser's
            body(List.of(amount, distance), "")
                .replace(
                    "\"data\":[1.5,2]",
                    "\"parameters\":{\"binary_data_size\":16},\"data\":[1.5,2]"),
            body(List.of(amount, distance), "")
                .replaceFirst("\\{", "{\"parameters\":{\"binary_data_output\":true},"),
            body(List.of(amount, distance), "")
                .replaceFirst(
                    "\\{",
                    "{\"outputs\":[{\"name\":\"predict\",\"parameters\":{\"binary_data\":true}}],"),
            body(List.of(amount, distance), "")
                .replace("{\"name\":\"amount\",", "{")
                .replace(
                    "\"datatype\":\"FP64\",\"shape\":[2],\"data\":[1.5,2]}",
                    "\"datatype\":\"FP64\",\"shape\":[2],\"data\":[1.5,2],\"name\":\"amount\"}"));
    for (String body : others) {
      assertThat(assertAgrees(body)).as(body).isFalse();
    }
  }

  @Test
  void namesAndDatatypesAreComparedWhole() {
    Tensor distance = new Tensor(DISTANCE, "FP64", "[2]", "[3,4.25]");
    // the shape after the data, the inputs out of order: still columns
    String late =
        body(List.of(distance, new Tensor(AMOUNT, "FP64", "[2]", "[1.5,2]")), " ")
            .replace("\"shape\":[2], \"data\":[1.5,2]", "\"data\":[1.5,2], \"shape\":[2]");
    assertThat(late).contains("\"shape\":[2]}");
    assertThat(assertAgrees(late)).isTrue();
    for (String name : List.of("amoun", "amountt", "Amount", "amo\\u0075nt", "")) {
      String body = body(List.of(new Tensor(name, "FP64", "[2]", "[1.5,2]"), distance), "");
      assertThat(assertAgrees(body)).as(body).isFalse();
    }
    for (String datatype : List.of("FP6", "FP644", "fp64", "F\\u0050")) {
      String body = body(List.of(new Tensor(AMOUNT, datatype, "[2]", "[1.5,2]"), distance), "");
      assertThat(assertAgrees(body)).as(body).isFalse();
    }
  }

  @Test
  void aHeadSeenBeforeIsComparedAndAnyOtherReadAgain() {
    Tensor amount = new Tensor(AMOUNT, "FP64", "[2]", "[1.5,2]");
    Tensor distance = new Tensor(DISTANCE, "FP32", "[2,1]", "[3,4.25]");
    String first = body(List.of(amount, distance), " ");
    assertThat(assertAgrees(first)).isTrue();
    assertThat(assertAgrees(first.replace("1.5", "-7e3"))).isTrue(); // the heads as before
    // after those heads, every change in one is read anew: to columns, or declined as before
    List<String> changed =
        List.of(
            first.replace("[2,1]", "[2]"),
            first.replace("\"FP32\"", "\"FP64\""),
            first
                .replace("[2]", "[3]")
                .replace("[2,1]", "[3,1]")
                .replace("[1.5,2]", "[1.5,2,9]")
                .replace("[3,4.25]", "[3,4.25,1]"));
    for (String body : changed) {
      assertThat(assertAgrees(first)).isTrue();
      assertThat(assertAgrees(body)).as(body).isTrue();
    }
    List<String> declined =
        List.of(
            first.replace("[2]", "[3]"), // rows that differ from the data
            first.replace("\"FP32\"", "\"INT64\""),
            first.replace("[2,1]", "[1,2]"),
            first.replace(AMOUNT, DISTANCE), // the same input twice
            first.substring(0, first.length() - 2)); // cut short
    for (String body : declined) {
      assertThat(assertAgrees(first)).isTrue();
      assertThat(assertAgrees(body)).as(body).isFalse();
    }
  }

  @Test
  void keepsTheNumbersTextForTheLog() {
    Tensor amount = new Tensor(AMOUNT, "FP64", "[2]", "[12.50, 1e-400]");
    Tensor distance = new Tensor(DISTANCE, "FP32", "[2,1]", "[7,-3E2]");
    InferRequest r = fast(body(List.of(distance, amount), " "));
    assertThat(r.batch().text()).isNotNull();
    int a = MODEL.input(AMOUNT).position();
    int d = MODEL.input(DISTANCE).position();
    assertThat(text(r, 0, a)).isEqualTo("12.50");
    assertThat(text(r, 1, a)).isNull(); // an underflow: the log formats the double
    assertThat(text(r, 0, d)).isEqualTo("7.0"); // an integer, read as a float
    assertThat(text(r, 1, d)).isEqualTo("-3E2");
    assertThat(r.batch().row(1)).containsExactly(0.0, -300.0);
  }

  private static String text(InferRequest r, int row, int position) {
    byte[] text = new byte[256];
    int n = r.batch().text().copy(row, position, text, 0);
    return n == 0 ? null : new String(text, 0, n, StandardCharsets.US_ASCII);
  }

  @Property(tries = 1000)
  void agreesWithTheGeneralParserOnDamagedBodies(
      @ForAll @IntRange(min = 0, max = 10_000) int where,
      @ForAll("damage") String what,
      @ForAll @IntRange(min = 0, max = 2) int how) {
    Tensor amount = new Tensor(AMOUNT, "FP64", "[2]", "[12.5,-0.0]");
    Tensor distance = new Tensor(DISTANCE, "FP64", "[2,1]", "[1e3,7]");
    String body = body(List.of(amount, distance), " ");
    int at = where % body.length();
    String damaged =
        switch (how) {
          case 0 -> body.substring(0, at) + what + body.substring(at); // inserted
          case 1 -> body.substring(0, at) + body.substring(Math.min(body.length(), at + 1));
          default -> body.substring(0, at) + what + body.substring(Math.min(body.length(), at + 1));
        };
    assertAgrees(damaged);
  }

  @Provide
  Arbitrary<String> damage() {
    return new SplitBytesTest().damage();
  }
}
