package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log's byte writer writes what Jackson's generator writes for the same values. */
class JsonBytesTest {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  private interface Write<T> {
    void to(T out) throws IOException;
  }

  private static String sink(Write<JsonBytes> write) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonBytes sink = new JsonBytes(bytes)) {
      write.to(sink);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String jackson(Write<JsonGenerator> write) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      write.to(g);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void stringsAreEscapedAsJacksonEscapesThem() throws IOException {
    String[] samples = {
      "",
      "plain",
      "a \"quoted\" text",
      "back\\slash",
      "tab\there",
      "line\nbreak",
      "\u0001",
      "caf\u00e9",
      "\u65e5\u672c",
      "emoji \ud83d\ude00",
      "del\u007f",
      "</script>"
    };
    for (String s : samples) {
      String written = sink(g -> g.string(s));
      assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readValue(written, String.class))
          .isEqualTo(s);
      if (!s.startsWith("emoji")) { // Jackson escapes a surrogate pair; the sink writes its UTF-8
        assertThat(written).as(s).isEqualTo(jackson(g -> g.writeString(s)));
      }
    }
  }

  @Test
  void numbersAreWrittenAsJacksonWritesThem() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 20_000; i++) {
      long l = i < 4 ? new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE}[i] : random.nextLong();
      assertThat(sink(g -> g.number(l))).isEqualTo(jackson(g -> g.writeNumber(l)));
      double d =
          i % 2 == 0
              ? Double.longBitsToDouble(random.nextLong())
              : random.nextLong(-1_000_000_000L, 1_000_000_000L) / Math.pow(10, random.nextInt(9));
      if (Double.isFinite(d)) {
        assertThat(sink(g -> g.number(d))).as("%s", d).isEqualTo(jackson(g -> g.writeNumber(d)));
      }
    }
    for (double d : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThat(sink(g -> g.number(d))).isEqualTo("null"); // JSON has no NaN
    }
  }

  @Test
  void millionthsReadAsTheQuotientTheyStandFor() throws IOException {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      long n = i < 4 ? new long[] {0, 1, 1_000_000, 999_999}[i] : random.nextLong(0, 1L << 45);
      String text = sink(g -> g.millionths(n));
      assertThat(Double.parseDouble(text)).as(text).isEqualTo(n / 1e6);
      assertThat(text).matches("\\d+\\.(0|\\d*[1-9])");
    }
  }

  @Test
  void longLinesGrowTheBufferAndKeepEveryByte() throws IOException {
    String big = "x".repeat(200_000);
    String text =
        sink(
            g -> {
              for (int i = 0; i < 1000; i++) {
                g.number(i).raw(',');
              }
              g.string(big);
            });
    assertThat(text).hasSize(3890 + 200_002).endsWith("x\"").startsWith("0,1,2,");
  }
}
