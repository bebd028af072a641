package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.serve.HttpError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link InferBytes}, the byte scanner of common inference requests, against {@link
 * InferRequest#parse}, the general parser: on any body the scanner either declines or comes to the
 * same rows, id and outputs, or the same error, as the general parser.
 */
class InferBytesProperties {
  private static final ServedModel MODEL = PaymentsModel.served("1");
  static final String DECLINED = "declined";

  @Provide
  Arbitrary<List<ParserProperties.Row>> rows() {
    return new ParserProperties().rows();
  }

  @Property(tries = 200)
  void readsTheCommonLayoutItselfAndComesToTheGeneralParsersRows(
      @ForAll("rows") List<ParserProperties.Row> rows) {
    String body = Requests.infer(MODEL, sent(rows), "req-1");
    assertSameAsGeneral(body, plain(body));
  }

  @Property(tries = 500)
  void comesToTheGeneralParsersAnswerWhateverTheLayout(
      @ForAll("rows") List<ParserProperties.Row> rows, @ForAll long seed) {
    Layout layout = new Layout(new Random(seed));
    String body = layout.body(sent(rows));
    assertSameAsGeneral(body, plain(body) && !layout.unusual);
  }

  @Property(tries = 500)
  void comesToTheGeneralParsersAnswerOnACorruptedBody(
      @ForAll("rows") List<ParserProperties.Row> rows,
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 10_000) int at,
      @ForAll @IntRange(min = 0, max = 6) int cut,
      @ForAll("junk") String junk) {
    String body = new Layout(new Random(seed)).body(sent(rows));
    int i = at % body.length();
    String bad = body.substring(0, i) + junk + body.substring(Math.min(body.length(), i + cut));
    assertSameAsGeneral(bad, false);
  }

  @Provide
  Arbitrary<String> junk() {
    return new ParserProperties().junk();
  }

  @Example
  void readsExponentsNegativeZeroAndNarrowDatatypesLikeTheGeneralParser() {
    List<Map<String, Object>> rows = Requests.records(MODEL, PaymentsModel.rows(2, 5));
    String body = Requests.infer(MODEL, rows, null);
    String amount = "\"name\":\"amount\",\"datatype\":\"FP64\",\"shape\":[2,1],\"data\":";
    assertThat(body).contains(amount);
    for (String data :
        List.of(
            "[[-0.0],[-0]]",
            "[1.5e3,2E-2]",
            "[[1e+2],[0.000001e6]]",
            "[12345678901234567890.5, 0.1000000000000000055511151231257827]",
            "[ 1 , \n\t2 ]",
            "[1e400, -4.9e-324]")) {
      String edited =
          body.replaceFirst(
              java.util.regex.Pattern.quote(amount) + "\\[(\\[[^\\]]*\\],?)*\\]",
              java.util.regex.Matcher.quoteReplacement(amount.replace("FP64", "FP32") + data));
      assertThat(edited).isNotEqualTo(body);
      assertSameAsGeneral(edited, true);
    }
  }

  @Example
  void declinesEscapedNamesAndLeavesTheirErrorsToTheGeneralParser() {
    List<Map<String, Object>> rows = Requests.records(MODEL, PaymentsModel.rows(1, 5));
    String body = Requests.infer(MODEL, rows, null);
    assertThat(fast(body.replace("\"amount\"", "\"am\\u006funt\""))).isEqualTo(DECLINED);
    assertSameAsGeneral(body.replace("\"amount\"", "\"am\\u006funt\""), false);
    assertSameAsGeneral(body.replace("\"amount\"", "\"amount2\""), false);
    assertSameAsGeneral(body.replace("\"inputs\"", "\"outputs\":[{}],\"inputs\""), false);
    assertSameAsGeneral(body.replace("\"inputs\"", "\"outputs\":[{\"name\":1}],\"inputs\""), false);
    assertSameAsGeneral(body.replace("\"FP64\"", "\"INT64\""), true);
  }

  /**
   * A body laid out as the spec allows: fields and tensors in any order, optional parts, spaces.
   */
  private static final class Layout {
    private final Random random;

    /** Whether the body has what the scanner leaves to the general parser (escapes, bad types). */
    boolean unusual;

    Layout(Random random) {
      this.random = random;
    }

    String body(List<Map<String, Object>> rows) {
      List<String> tensors = new ArrayList<>();
      for (InputField f : MODEL.inputs()) {
        tensors.add(tensor(f, rows));
      }
      Collections.shuffle(tensors, random);
      List<String> fields = new ArrayList<>();
      fields.add(key("inputs") + ":" + ws() + "[" + ws() + String.join("," + ws(), tensors) + "]");
      if (random.nextBoolean()) {
        fields.add(key("id") + ":" + ws() + "\"id-" + random.nextInt(100) + "\"");
      }
      if (random.nextBoolean()) {
        fields.add(key("parameters") + ":" + ws() + parameters());
      }
      if (random.nextBoolean()) {
        fields.add(key("outputs") + ":" + ws() + outputs());
      }
      Collections.shuffle(fields, random);
      return ws() + "{" + ws() + String.join(ws() + "," + ws(), fields) + ws() + "}" + ws();
    }

    private String tensor(InputField f, List<Map<String, Object>> rows) {
      boolean column = random.nextBoolean(); // shape [n, 1], else [n]
      boolean nested = random.nextBoolean();
      List<String> values = new ArrayList<>();
      for (Map<String, Object> row : rows) {
        String v = number(row.get(f.name()));
        values.add(nested ? "[" + ws() + v + ws() + "]" : v);
      }
      List<String> fields = new ArrayList<>();
      fields.add(key("name") + ":" + ws() + name(f.name()));
      fields.add(key("datatype") + ":" + ws() + "\"" + datatype(f) + "\"");
      fields.add(
          key("shape")
              + ":"
              + ws()
              + "["
              + rows.size()
              + (column ? "," + ws() + "1" : "")
              + ws()
              + "]");
      fields.add(key("data") + ":" + ws() + "[" + ws() + String.join("," + ws(), values) + "]");
      if (random.nextInt(3) == 0) {
        fields.add(key("parameters") + ":" + ws() + parameters());
      }
      Collections.shuffle(fields, random);
      return "{" + ws() + String.join(ws() + "," + ws(), fields) + ws() + "}";
    }

    private String key(String k) {
      return ws() + "\"" + k + "\"" + ws();
    }

    private String name(String name) {
      if (random.nextInt(10) != 0) {
        return Requests.write(name);
      }
      unusual = true;
      return "\""
          + String.format(Locale.ROOT, "\\u%04x", (int) name.charAt(0))
          + name.substring(1)
          + "\"";
    }

    /** The datatype Kiln's metadata names for the column, or sometimes another one. */
    private String datatype(InputField f) {
      if (random.nextInt(4) != 0) {
        return f.oipDatatype();
      }
      String[] others = {"FP32", "FP16", "INT32", "INT64", "UINT8", "BOOL", "BYTES", "fp64"};
      String d = others[random.nextInt(others.length)];
      unusual |= d.equals("fp64"); // no datatype: the general parser words the error
      return d;
    }

    /** A value as JSON, a number in one of the ways JSON can write it. */
    private String number(Object v) {
      if (v instanceof Double) {
        double d = (Double) v;
        switch (random.nextInt(6)) {
          case 0:
            return new BigDecimal(d).toPlainString(); // every digit of the binary value
          case 1:
            return String.format(Locale.ROOT, "%.17e", d);
          case 2:
            return d == 0 ? "-0.0" : Double.toString(d).toLowerCase(Locale.ROOT);
          case 3:
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : "" + d;
          default:
            return Requests.write(v);
        }
      }
      if (v instanceof Long && random.nextInt(4) == 0) {
        return v + ".0e0";
      }
      return Requests.write(v);
    }

    private String outputs() {
      String[] some = {
        "[]",
        "[{\"name\":\"probability\"}]",
        "[ {\"parameters\": {\"binary_data\": false}, \"name\": \"predict\"} , {\"name\":\"probability\"}]",
        "[{\"name\":\"score\"}]"
      };
      return some[random.nextInt(some.length)];
    }

    private String parameters() {
      String[] some = {
        "{}",
        "{\"a\":1}",
        "{ \"a\" : [1, {\"b\": null}, \"c\"], \"d\": {\"e\": -1.5e3} }",
        "{\"content_type\":\"np\",\"x\":[true,false]}"
      };
      return some[random.nextInt(some.length)];
    }

    private String ws() {
      switch (random.nextInt(8)) {
        case 0:
          return " ";
        case 1:
          return "\n  ";
        case 2:
          return "\t";
        case 3:
          return "\r\n";
        default:
          return "";
      }
    }
  }

  private static List<Map<String, Object>> sent(List<ParserProperties.Row> rows) {
    return rows.stream().map(ParserProperties.Row::sent).toList();
  }

  /** Whether the body is all printable ASCII without escapes, as the scanner reads it. */
  private static boolean plain(String body) {
    return body.chars()
        .allMatch(c -> c >= 0x20 && c < 0x7f && c != '\\' || c == '\n' || c == '\r' || c == '\t');
  }

  private static void assertSameAsGeneral(String body, boolean fastExpected) {
    String general = outcome(() -> InferRequest.parse(MODEL, in(body)));
    String fast = fast(body);
    if (fastExpected) {
      assertThat(fast).as(body).isEqualTo(general);
    } else if (!fast.equals(DECLINED)) {
      assertThat(fast).as(body).isEqualTo(general);
    }
  }

  private static String fast(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 7); // a reused, larger buffer
    java.util.Arrays.fill(padded, bytes.length, padded.length, (byte) '}');
    return outcome(
        () -> {
          InferRequest r = InferBytes.read(MODEL, padded, bytes.length);
          if (r == null) {
            throw new Declined();
          }
          return r;
        });
  }

  static final class Declined extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** What a parse came to: the rows (each value with its type), id and outputs, or the error. */
  static String outcome(Callable<InferRequest> parse) {
    try {
      InferRequest r = parse.call();
      StringBuilder b = new StringBuilder("id=").append(r.id()).append(" outputs=");
      b.append(r.outputs()).append(" rows=");
      for (int i = 0; i < r.batch().size(); i++) {
        b.append('[');
        for (Object v : r.batch().row(i)) {
          b.append(v == null ? "null" : v.getClass().getSimpleName() + ":" + v).append(' ');
        }
        b.append(']');
      }
      return b.toString();
    } catch (Declined e) {
      return DECLINED;
    } catch (HttpError e) {
      return e.code() + ": " + e.getMessage();
    } catch (JsonProcessingException e) {
      return "malformed: " + e.getOriginalMessage();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError("neither rows nor a caller's error: " + e, e);
    }
  }

  private static ByteArrayInputStream in(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }
}
