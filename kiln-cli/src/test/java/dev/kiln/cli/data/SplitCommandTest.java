package dev.kiln.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.CliRun;
import dev.kiln.core.digest.DatasetDigest;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.source.FileSource;
import dev.kiln.testing.SampleFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitCommandTest {
  @TempDir Path dir;
  Path input;

  @BeforeEach
  void writeInput() {
    input = dir.resolve("payments.csv");
    FrameWriter.write(SampleFrames.payments(500, 17), input);
  }

  @Test
  void writesTrainAndTestFilesWhoseRowsKeepTheirInputOrder() {
    CliRun run = kiln("data", "split", input.toString(), "--out-dir", dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    Frame train = new FileSource(dir.resolve("payments.train.csv")).read();
    Frame test = new FileSource(dir.resolve("payments.test.csv")).read();
    assertThat(train.rowCount()).isEqualTo(400);
    assertThat(test.rowCount()).isEqualTo(100);
    long[] trainIds = ids(train);
    long[] testIds = ids(test);
    assertThat(trainIds).isSorted();
    assertThat(testIds).isSorted();
    Set<Long> all = new HashSet<>();
    for (long id : trainIds) {
      all.add(id);
    }
    for (long id : testIds) {
      all.add(id);
    }
    assertThat(all).hasSize(500);
    assertThat(run.out())
        .startsWith(input + ": 500 rows split by random (test fraction 0.2, seed 42)")
        .contains("train       400 rows ( 80.0%)  " + dir.resolve("payments.train.csv"))
        .contains("test        100 rows ( 20.0%)  " + dir.resolve("payments.test.csv"))
        .contains("digest " + DatasetDigest.of(train))
        .contains("digest " + DatasetDigest.of(test));
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "tsv", "parquet", "jsonl"})
  void writesByteIdenticalFilesWhenRunAgain(String format) throws IOException {
    String[] args = {
      "data",
      "split",
      input.toString(),
      "--by",
      "stratified:label",
      "--format",
      format,
      "--out-dir",
      dir.toString()
    };
    assertThat(kiln(args).exit()).isZero();
    Path train = dir.resolve("payments.train." + format);
    Path test = dir.resolve("payments.test." + format);
    byte[] firstTrain = Files.readAllBytes(train);
    byte[] firstTest = Files.readAllBytes(test);
    assertThat(kiln(args).exit()).isZero();
    assertThat(Files.readAllBytes(train)).isEqualTo(firstTrain);
    assertThat(Files.readAllBytes(test)).isEqualTo(firstTest);
    assertThat(new FileSource(test).read().rowCount()).isEqualTo(100);
  }

  @Test
  void writesOtherFilesForAnotherSeed() throws IOException {
    assertThat(kiln("data", "split", input.toString(), "--out-dir", dir.toString()).exit())
        .isZero();
    byte[] first = Files.readAllBytes(dir.resolve("payments.test.csv"));
    assertThat(
            kiln("data", "split", input.toString(), "--seed", "7", "--out-dir", dir.toString())
                .exit())
        .isZero();
    assertThat(Files.readAllBytes(dir.resolve("payments.test.csv"))).isNotEqualTo(first);
  }

  @Test
  void printsTheClassBalanceOfEachSideForAStratifiedSplit() {
    CliRun run =
        kiln(
            "data",
            "split",
            input.toString(),
            "--by",
            "stratified:label",
            "--test-fraction",
            "0.3",
            "--out-dir",
            dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    Frame train = new FileSource(dir.resolve("payments.train.csv")).read();
    Frame test = new FileSource(dir.resolve("payments.test.csv")).read();
    assertThat(run.out()).contains("class balance of 'label':");
    for (String label : new String[] {"ok", "fraud", "review"}) {
      long inTrain = count(train, label);
      long inTest = count(test, label);
      assertThat(run.out())
          .containsPattern(
              "  "
                  + label
                  + " +"
                  + String.format("%,d", inTrain)
                  + " \\( *[0-9.]+%\\) +"
                  + String.format("%,d", inTest)
                  + " \\(");
      assertThat(Math.abs(inTest - (inTrain + inTest) * 0.3)).isLessThan(1.0);
    }
  }

  @Test
  void splitsByTimeAtTheCutOffAndPrintsEachSidesSpan() {
    CliRun run =
        kiln(
            "data",
            "split",
            input.toString(),
            "--by",
            "time:ts@2025-05-01",
            "--out-dir",
            dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    long cut = Instant.parse("2025-05-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    LongColumn trainTs =
        (LongColumn) new FileSource(dir.resolve("payments.train.csv")).read().column("ts");
    LongColumn testTs =
        (LongColumn) new FileSource(dir.resolve("payments.test.csv")).read().column("ts");
    for (long t : trainTs.values()) {
      assertThat(t).isLessThan(cut);
    }
    for (long t : testTs.values()) {
      assertThat(t).isGreaterThanOrEqualTo(cut);
    }
    assertThat(run.out())
        .contains("split by time:ts@2025-05-01T00:00:00Z (the cut-off decides)")
        .contains("time span of 'ts':")
        .containsPattern("  train 2025-01-0\\dT[0-9:]+Z \\.\\. 2025-04-30T[0-9:]+Z")
        .containsPattern("  test  2025-05-01T[0-9:]+Z \\.\\. 2025-06-\\d\\dT[0-9:]+Z");
  }

  @Test
  void keepsEachCustomerOnOneSideForAGroupSplit() {
    CliRun run =
        kiln(
            "data",
            "split",
            input.toString(),
            "--by",
            "group:customer",
            "--out-dir",
            dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    Set<Object> trainCustomers =
        values(new FileSource(dir.resolve("payments.train.csv")).read(), "customer");
    Set<Object> testCustomers =
        values(new FileSource(dir.resolve("payments.test.csv")).read(), "customer");
    assertThat(trainCustomers).isNotEmpty().doesNotContainAnyElementsOf(testCustomers);
    assertThat(run.out()).containsPattern("note: \\d+ of \\d+ groups of 'customer' went to test");
  }

  @Test
  void splitsTheResultOfAJdbcQueryIntoCsvFilesNamedQuery() throws SQLException {
    Path db = dir.resolve("shop.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE orders (id INTEGER, kind TEXT)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO orders VALUES (?, ?)")) {
        for (int i = 0; i < 50; i++) {
          insert.setInt(1, i);
          insert.setString(2, i % 5 == 0 ? "b" : "a");
          insert.executeUpdate();
        }
      }
    }
    CliRun run =
        kiln(
            "data",
            "split",
            "jdbc:sqlite:" + db,
            "--query",
            "SELECT * FROM orders",
            "--by",
            "stratified:kind",
            "--out-dir",
            dir.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("jdbc:sqlite:" + db + ": 50 rows split by stratified:kind");
    assertThat(new FileSource(dir.resolve("query.train.csv")).read().rowCount()).isEqualTo(40);
    assertThat(new FileSource(dir.resolve("query.test.csv")).read().rowCount()).isEqualTo(10);
  }

  @Test
  void showsTheDefaultsInItsHelp() {
    CliRun run = kiln("data", "split", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .contains("(default: random)")
        .contains("(default: 0.2)")
        .contains("(default: 42)")
        .contains("csv, tsv, parquet or jsonl")
        .contains("stratified:COL");
  }

  private static long[] ids(Frame f) {
    return ((LongColumn) f.column("id")).values();
  }

  private static long count(Frame f, String label) {
    long n = 0;
    for (int r = 0; r < f.rowCount(); r++) {
      n += label.equals(f.column("label").get(r)) ? 1 : 0;
    }
    return n;
  }

  private static Set<Object> values(Frame f, String column) {
    Set<Object> out = new HashSet<>();
    for (int r = 0; r < f.rowCount(); r++) {
      out.add(f.column(column).get(r));
    }
    return out;
  }

  static CliRun kiln(String... args) {
    return CliRun.of(args);
  }

  static Set<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return new HashSet<>(s.toList());
    }
  }
}
