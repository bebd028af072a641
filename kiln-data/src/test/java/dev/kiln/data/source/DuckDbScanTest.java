package dev.kiln.data.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.digest.DatasetDigest;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbScanTest {
  @TempDir Path dir;

  private Path csv(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static List<Frame> all(Scan scan) {
    List<Frame> out = new ArrayList<>();
    for (Frame f = scan.next(); f != null; f = scan.next()) {
      out.add(f);
    }
    return out;
  }

  @Test
  void readsEveryColumnTypeAndItsNullsFromACsv() throws Exception {
    Path p =
        csv(
            "types.csv",
            "n,x,flag,at,s\n"
                + "1,1.5,true,2024-01-01 00:00:00,a\n"
                + ",,,,\n"
                + "3,NaN,false,1970-01-01 00:00:01,\"\"\n");
    Frame f = new FileSource(p).read();

    LongColumn n = (LongColumn) f.column("n");
    assertThat(n.type()).isEqualTo(ColumnType.INTEGER);
    assertThat(n.value(0)).isEqualTo(1);
    assertThat(n.isNull(1)).isTrue();
    assertThat(n.value(2)).isEqualTo(3);
    DoubleColumn x = (DoubleColumn) f.column("x");
    assertThat(x.value(0)).isEqualTo(1.5);
    assertThat(x.isNull(1)).isTrue();
    assertThat(x.isNull(2)).isFalse();
    assertThat(x.value(2)).isNaN();
    BooleanColumn flag = (BooleanColumn) f.column("flag");
    assertThat(flag.value(0)).isTrue();
    assertThat(flag.isNull(1)).isTrue();
    assertThat(flag.value(2)).isFalse();
    LongColumn at = (LongColumn) f.column("at");
    assertThat(at.type()).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(at.value(0))
        .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-01T00:00:00Z")));
    assertThat(at.isNull(1)).isTrue();
    assertThat(at.value(2)).isEqualTo(1_000_000L);
    StringColumn s = (StringColumn) f.column("s");
    assertThat(s.value(0)).isEqualTo("a");
    assertThat(s.value(1)).isNull();
    assertThat(s.value(2)).isEmpty();
  }

  @Test
  void batchesHoldAtMostTheRowsAskedForAndKeepTheFileOrderAcrossEngineChunks() throws Exception {
    StringBuilder text = new StringBuilder("id,half\n");
    for (int i = 0; i < 5_000; i++) {
      text.append(i).append(',').append(i / 2.0).append('\n');
    }
    Path p = csv("ids.csv", text.toString());
    List<Frame> batches;
    try (Scan scan = new FileSource(p).scan(1_500)) {
      batches = all(scan);
    }
    assertThat(batches).extracting(Frame::rowCount).containsExactly(1_500, 1_500, 1_500, 500);
    long expected = 0;
    for (Frame b : batches) {
      LongColumn id = (LongColumn) b.column("id");
      for (int r = 0; r < b.rowCount(); r++) {
        assertThat(id.value(r)).isEqualTo(expected++);
      }
    }
  }

  @Test
  void givesTheSameContentAsTheJdbcResultSetPath() throws Exception {
    StringBuilder text = new StringBuilder("id,x,flag,at,city\n");
    for (int i = 0; i < 3_000; i++) {
      text.append(i % 7 == 0 ? "" : Integer.toString(i))
          .append(',')
          .append(i % 11 == 0 ? "" : Double.toString(i * 0.25 - 100))
          .append(',')
          .append(i % 3 == 0)
          .append(",2024-03-0")
          .append(1 + i % 9)
          .append(" 12:00:0")
          .append(i % 10)
          .append(',')
          .append(i % 13 == 0 ? "" : "c" + i % 5)
          .append('\n');
    }
    FileSource source = new FileSource(csv("mixed.csv", text.toString()));
    String sql = "SELECT * FROM " + source.tableFunction(false, Map.of());

    Frame chunked;
    try (Scan scan =
        DuckDbScan.open(DuckDb.open(), sql, Map.of(), 1_000, e -> fail(e), b -> fail(b))) {
      chunked = Frames.concat(all(scan), scan.schema());
    }
    Frame jdbc;
    Connection c = DuckDb.open();
    Statement st = c.createStatement();
    try (Scan scan =
        new ResultSetScan(
            c, st, st.executeQuery(sql), Map.of(), 1_000, e -> fail(e), b -> fail(b))) {
      jdbc = Frames.concat(all(scan), scan.schema());
    }
    assertThat(chunked.schema()).isEqualTo(jdbc.schema());
    assertThat(chunked.rowCount()).isEqualTo(3_000);
    assertThat(DatasetDigest.of(chunked)).isEqualTo(DatasetDigest.of(jdbc));
  }

  @Test
  void readsTimestampsWithATimeZoneAndDatesAsUtcMicroseconds() throws Exception {
    String sql =
        "SELECT TIMESTAMPTZ '2024-01-01 02:00:00+02' AS tz, DATE '1970-01-02' AS d,"
            + " 7::UTINYINT AS small, 2.5::DECIMAL(4,1) AS dec, 1.25::REAL AS real";
    Frame f;
    try (Scan scan =
        DuckDbScan.open(DuckDb.open(), sql, Map.of(), 10, e -> fail(e), b -> fail(b))) {
      f = scan.next();
      assertThat(scan.next()).isNull();
    }
    assertThat(((LongColumn) f.column("tz")).value(0))
        .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2024-01-01T00:00:00Z")));
    assertThat(((LongColumn) f.column("d")).value(0)).isEqualTo(86_400_000_000L);
    assertThat(((LongColumn) f.column("small")).value(0)).isEqualTo(7);
    assertThat(((DoubleColumn) f.column("dec")).value(0)).isEqualTo(2.5);
    assertThat(((DoubleColumn) f.column("real")).value(0)).isEqualTo(1.25);
  }

  @Test
  void anEngineErrorHalfwayThroughTheRowsFailsTheReadInsteadOfEndingItShort() {
    // Errors past the first chunks reach the chunk interface as a plain end of rows.
    String sql =
        "SELECT CASE WHEN i < 5000000 THEN i ELSE error('bad row ' || i) END AS i"
            + " FROM range(6000000) t(i)";
    assertThatThrownBy(
            () -> {
              try (Scan scan =
                  DuckDbScan.open(
                      DuckDb.open(),
                      sql,
                      Map.of(),
                      65_536,
                      e -> new UserException(e.getMessage()),
                      b -> new UserException(b.getMessage()))) {
                all(scan);
              }
            })
        .isInstanceOf(UserException.class)
        .hasMessageContaining("bad row 5000000");
  }

  @Test
  void aRaggedRowNearTheEndOfALargeCsvNamesItsLine() throws Exception {
    Path p = dir.resolve("ragged.csv");
    try (var w = Files.newBufferedWriter(p)) {
      w.write("a,b,c\n");
      for (int i = 0; i < 1_500_000; i++) {
        w.write(i + "," + i + ",x\n");
      }
      w.write("1,2\n");
    }
    assertThatThrownBy(() -> new FileSource(p).read())
        .isInstanceOf(UserException.class)
        .hasMessage(p + " line 1500002: expected 3 fields as in the header but found 2");
  }

  private static RuntimeException fail(BadValue b) {
    throw new AssertionError("unexpected bad value: " + b.getMessage());
  }

  private static RuntimeException fail(SQLException e) {
    return new IllegalStateException("unexpected engine error: " + e.getMessage(), e);
  }
}
