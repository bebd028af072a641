package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.data.source.DuckDb;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {
  @TempDir Path dir;

  private static PredictionLog.Entry entry(ServedModel model, int rows, long millis) {
    List<Object[]> list = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      list.add(new Object[model.inputs().size()]);
    }
    return new PredictionLog.Entry(
        "abc-" + rows, millis, model, new Batch(model, list), new double[2 * rows], 1_000);
  }

  @Test
  void aFullQueueDropsAndCountsRowsInsteadOfWaiting() {
    ServedModel model = PaymentsModel.served("1");
    PredictionLog log = PredictionLog.start(dir, "w1", 5);
    // the writer may take entries at any time; what is not taken within the bound is dropped
    int accepted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (log.offer(entry(model, 4, 0))) {
        accepted++;
      }
    }
    log.close();
    assertThat(log.dropped() + log.written()).isEqualTo(4_000);
    assertThat(log.written()).isEqualTo(4L * accepted);
    assertThat(log.offer(entry(model, 1, 0))).isFalse();
    assertThat(log.dropped()).isEqualTo(4_000 - 4L * accepted + 1);
    assertThat(log.depth()).isZero();
  }

  @Test
  void rowsArePartitionedByModelAndUtcHour() throws Exception {
    ServedModel model = PaymentsModel.served("1");
    PredictionLog log = PredictionLog.start(dir, "w2", 1_000);
    long ten = java.time.Instant.parse("2025-03-01T10:59:59Z").toEpochMilli();
    assertThat(log.offer(entry(model, 2, ten))).isTrue();
    assertThat(log.offer(entry(model, 3, ten + 1_000))).isTrue();
    log.close();
    Path hour10 = dir.resolve("predictions/model=payments/hour=2025-03-01T10/w2.jsonl");
    Path hour11 = dir.resolve("predictions/model=payments/hour=2025-03-01T11/w2.jsonl");
    assertThat(Files.readAllLines(hour10)).hasSize(2);
    assertThat(Files.readAllLines(hour11)).hasSize(3);
    assertThat(Files.readAllLines(hour11).get(2))
        .startsWith("{\"id\":\"abc-3\",\"row\":2,\"time\":\"2025-03-01T11:00:00Z\"");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(2);
    }
  }

  @Test
  void aModelNameCannotLeaveTheLogFolder() {
    assertThat(PredictionLog.safe("../../etc")).isEqualTo("_._.._etc");
    assertThat(PredictionLog.safe("fraud v2")).isEqualTo("fraud_v2");
  }

  @Test
  void inputNumbersAreWrittenWithTheDigitsJacksonWrites() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    byte[] out = new byte[32];
    int fast = 0;
    for (int i = 0; i < 300_000; i++) {
      double v;
      switch (i % 3) {
        case 0: // a value with a few decimals, as requests send them
          v = random.nextLong(-1_000_000_000L, 1_000_000_000L) / Math.pow(10, random.nextInt(10));
          break;
        case 1:
          v = random.nextDouble(-1e7, 1e7);
          break;
        default:
          v = Double.longBitsToDouble(random.nextLong());
      }
      int n = JsonBytes.shortDecimal(v, out, 0);
      if (n > 0) {
        fast++;
        assertThat(new String(out, 0, n, java.nio.charset.StandardCharsets.US_ASCII))
            .as("%s", v)
            .isEqualTo(com.fasterxml.jackson.core.io.NumberOutput.toString(v, true));
      }
    }
    assertThat(fast).isGreaterThan(75_000); // values of up to eight decimals take the short way
    for (double v : new double[] {0.0, -0.0, 1e7, 9.99e-4, 0.1 + 0.2, Double.MIN_VALUE}) {
      assertThat(JsonBytes.shortDecimal(v, out, 0)).as("%s", v).isEqualTo(-1);
    }
    for (String text : new String[] {"12.5", "-3.0", "0.001", "9999999.5", "100.0", "0.12345678"}) {
      int n = JsonBytes.shortDecimal(Double.parseDouble(text), out, 0);
      assertThat(new String(out, 0, n, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(text);
    }
  }

  @Test
  void aLoggedRowHoldsItsInputsAndOutputsAsJson() throws Exception {
    ServedModel model = PaymentsModel.served("1");
    Object[] row = new Object[model.inputs().size()];
    List<String> expected = new ArrayList<>();
    for (InputField f : model.inputs()) {
      Object v;
      switch (f.type()) {
        case FLOAT:
          v = f.position() % 2 == 0 ? 912.5 : 1.0 / 3;
          break;
        case INTEGER:
          v = 12L;
          break;
        case BOOLEAN:
          v = false;
          break;
        case TIMESTAMP:
          v = 1_700_000_000_123_000L;
          break;
        default:
          v = "a \"quoted\" text";
      }
      row[f.position()] = v;
      String json =
          f.type() == dev.kiln.core.frame.ColumnType.TIMESTAMP
              ? "\"2023-11-14T22:13:20.123Z\""
              : v instanceof String
                  ? "\"a \\\"quoted\\\" text\""
                  : v.equals(1.0 / 3) ? "0.3333333333333333" : v.toString();
      expected.add("\"" + f.name() + "\":" + json);
    }
    long millis = java.time.Instant.parse("2025-03-01T10:00:00.250Z").toEpochMilli();
    PredictionLog log = PredictionLog.start(dir, "w3", 100);
    assertThat(
            log.offer(
                new PredictionLog.Entry(
                    "id-1",
                    millis,
                    model,
                    new Batch(model, List.of(row, row)),
                    new double[] {0.75, 0.25, 0.25, 0.75},
                    2_500_000)))
        .isTrue();
    log.close();
    List<String> lines =
        Files.readAllLines(dir.resolve("predictions/model=payments/hour=2025-03-01T10/w3.jsonl"));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1))
        .isEqualTo(
            "{\"id\":\"id-1\",\"row\":1,\"time\":\"2025-03-01T10:00:00.250Z\",\"model\":\"payments\","
                + "\"version\":\"1\",\"inputs\":{"
                + String.join(",", expected)
                + "},\"outputs\":{\"predict\":1,\"probability\":[0.25,0.75]},\"latency_ms\":2.5}");
  }

  @Test
  void inputNumbersAreLoggedAsTheRequestSentThemAndDuckDbReadsTheSameDoubles() throws Exception {
    ServedModel model = PaymentsModel.served("1");
    String[] amounts = {
      "1.50", "3", "-0", "1E2", "1e-400", "0.30000000000000004", "123456789012345678901234", "NaN"
    };
    StringBuilder data = new StringBuilder();
    for (int r = 0; r < amounts.length; r++) {
      data.append(r == 0 ? "[" : ",[")
          .append(r == amounts.length - 1 ? "2.5" : amounts[r])
          .append(",\"grocery\",\"pos\",\"NL\",true,2300,1,\"2025-03-01T10:00:00Z\",")
          .append(r == amounts.length - 1 ? amounts[r] : "2.5")
          .append(']');
    }
    String body =
        "{\"dataframe_split\":{\"columns\":[\"amount\",\"merchant_category\",\"channel\","
            + "\"country\",\"card_present\",\"account_age_days\",\"txn_last_24h\","
            + "\"ts\",\"distance_from_home_km\"],\"data\":["
            + data
            + "]}}";
    Batch batch =
        InvocationsJson.parse(
                model, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
            .batch();
    PredictionLog log = PredictionLog.start(dir, "w4", 100);
    assertThat(
            log.offer(
                new PredictionLog.Entry(
                    "id-2", 0L, model, batch, new double[2 * amounts.length], 1_000)))
        .isTrue();
    log.close();
    Path file = dir.resolve("predictions/model=payments/hour=1970-01-01T00/w4.jsonl");
    List<String> lines = Files.readAllLines(file);
    // the text as sent; an integer gets ".0"; an underflow, and the integer -0 (read as 0.0, where
    // "-0.0" would read as -0.0), are written from the double they read as
    String[] logged = {
      "1.50", "3.0", "0.0", "1E2", "0.0", "0.30000000000000004", "123456789012345678901234.0"
    };
    for (int r = 0; r < logged.length; r++) {
      assertThat(lines.get(r)).contains("\"amount\":" + logged[r] + ",");
    }
    // NaN in a nullable float column is missing
    assertThat(lines.get(logged.length)).contains("\"distance_from_home_km\":null}");
    try (Connection db = DuckDb.open(false);
        Statement st = db.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT typeof(inputs.amount) AS type, inputs.amount AS amount FROM read_json_auto("
                    + DuckDb.literal(file.toString())
                    + ") ORDER BY row")) {
      for (int r = 0; r < logged.length; r++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("type")).isEqualTo("DOUBLE");
        assertThat(rs.getDouble("amount")).as(amounts[r]).isEqualTo(Double.parseDouble(amounts[r]));
      }
    }
  }
}
