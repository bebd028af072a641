package dev.kiln.data.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.data.synth.Payments;
import dev.kiln.testing.TestFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSourceTest {
  @TempDir Path dir;

  @Test
  void readsByteOrderMarkQuotedCommasNewlinesAndCrlf() throws Exception {
    Path f =
        TestFiles.write(
            dir,
            "tricky.csv",
            "\uFEFFid,note,x\r\n1,\"a, b\",1.5\r\n2,\"two\r\nlines\",2.5\r\n3,\"say \"\"hi\"\"\",3.5\r\n");
    Frame frame = new FileSource(f).read();
    assertThat(frame.columnNames()).containsExactly("id", "note", "x");
    StringColumn note = (StringColumn) frame.column("note");
    assertThat(note.values()).containsExactly("a, b", "two\r\nlines", "say \"hi\"");
    assertThat(((LongColumn) frame.column("id")).values()).containsExactly(1, 2, 3);
  }

  @Test
  void keepsEmptyQuotedStringsApartFromNulls() throws Exception {
    Path f = TestFiles.write(dir, "empty.csv", "k,s\n1,\"\"\n2,\n3,x\n4,x\n");
    StringColumn s = (StringColumn) new FileSource(f).read().column("s");
    assertThat(s.values()).containsExactly("", null, "x", "x");
    assertThat(s.nullCount()).isEqualTo(1);
  }

  @Test
  void readsNanAndInfinitiesAsValuesNotNulls() throws Exception {
    Path f = TestFiles.write(dir, "nan.csv", "x\n1.5\nNaN\ninf\n-Infinity\n");
    DoubleColumn x = (DoubleColumn) new FileSource(f).read().column("x");
    assertThat(x.size()).isEqualTo(4);
    assertThat(x.value(1)).isNaN();
    assertThat(x.value(2)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(x.value(3)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(x.nullCount()).isZero();
  }

  @Test
  void readsAFiveMegabyteLine() throws Exception {
    String big = "y".repeat(5_000_000);
    Path f = TestFiles.write(dir, "long.csv", "id,blob\n1," + big + "\n2,short\n");
    StringColumn blob = (StringColumn) new FileSource(f).read().column("blob");
    assertThat(blob.value(0)).hasSize(5_000_000);
    assertThat(blob.value(1)).isEqualTo("short");
  }

  @Test
  void infersIntegerFloatBooleanTimestampCategoricalAndText() throws Exception {
    StringBuilder csv = new StringBuilder("i,f,b,t,c,txt\n");
    for (int r = 0; r < 40; r++) {
      csv.append(r)
          .append(',')
          .append(r * 0.5)
          .append(',')
          .append(r % 2 == 0)
          .append(",2025-03-0")
          .append(1 + r % 9)
          .append(" 12:00:00,")
          .append(r % 3 == 0 ? "red" : "blue")
          .append(",note number ")
          .append(r)
          .append('\n');
    }
    Frame frame = new FileSource(TestFiles.write(dir, "types.csv", csv.toString())).read();
    assertThat(frame.schema().fields())
        .extracting(fl -> fl.type())
        .containsExactly(
            ColumnType.INTEGER,
            ColumnType.FLOAT,
            ColumnType.BOOLEAN,
            ColumnType.TIMESTAMP,
            ColumnType.CATEGORICAL,
            ColumnType.TEXT);
    LongColumn t = (LongColumn) frame.column("t");
    assertThat(t.value(0))
        .isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2025-03-01T12:00:00Z")));
    assertThat(((BooleanColumn) frame.column("b")).value(0)).isTrue();
  }

  @Test
  void explicitSchemaOverridesInferredTypes() throws Exception {
    Path f = TestFiles.write(dir, "codes.csv", "zip,score\n01234,1\n98765,2\n");
    Path schema = TestFiles.write(dir, "s.yaml", "columns:\n  zip: categorical\n  score: float\n");
    Frame frame = new FileSource(f, Optional.of(SchemaFile.read(schema))).read();
    assertThat(((StringColumn) frame.column("zip")).values()).containsExactly("01234", "98765");
    assertThat(frame.column("zip").type()).isEqualTo(ColumnType.CATEGORICAL);
    assertThat(frame.column("score").type()).isEqualTo(ColumnType.FLOAT);
  }

  @Test
  void readsTsvParquetAndJsonLinesToTheSameRowsAsCsv() throws Exception {
    Frame payments = Payments.generate(2_000, 7);
    Path csv = dir.resolve("p.csv");
    FrameWriter.write(payments, csv);
    Frame fromCsv = new FileSource(csv, Optional.of(Payments.schema())).read();
    for (String ext : new String[] {"tsv", "parquet", "jsonl"}) {
      Path other = dir.resolve("p." + ext);
      FrameWriter.write(fromCsv, other);
      Frame back = new FileSource(other, Optional.of(Payments.schema())).read();
      assertThat(back.rowCount()).as(ext).isEqualTo(2_000);
      for (String col : fromCsv.columnNames()) {
        for (int r = 0; r < back.rowCount(); r += 97) {
          assertThat(back.column(col).get(r))
              .as(ext + " " + col + " row " + r)
              .isEqualTo(fromCsv.column(col).get(r));
        }
      }
    }
  }

  @Test
  void scanStreamsBatchesOfTheRequestedSize() throws Exception {
    Path csv = dir.resolve("p.csv");
    FrameWriter.write(Payments.generate(2_500, 1), csv);
    int batches = 0;
    int rows = 0;
    try (Scan scan = new FileSource(csv).scan(1_000)) {
      for (Frame f = scan.next(); f != null; f = scan.next()) {
        assertThat(f.rowCount()).isLessThanOrEqualTo(1_000);
        batches++;
        rows += f.rowCount();
      }
    }
    assertThat(rows).isEqualTo(2_500);
    assertThat(batches).isEqualTo(3);
  }

  @Test
  void estimatesRowCountsForProgress() throws Exception {
    Path csv = dir.resolve("p.csv");
    FrameWriter.write(Payments.generate(3_000, 1), csv);
    assertThat(new FileSource(csv).estimatedRows()).isEqualTo(3_000);
    Path pq = dir.resolve("p.parquet");
    FrameWriter.write(new FileSource(csv).read(), pq);
    assertThat(new FileSource(pq).estimatedRows()).isEqualTo(3_000);
  }

  @Test
  void timestampsWithOffsetsAreConvertedToUtcAndPlainOnesAreUtc() throws Exception {
    Path f =
        TestFiles.write(
            dir,
            "t.csv",
            "t\n2025-01-01 10:00:00\n2025-01-01T10:00:00+02:00\n2025-01-01T10:00:00Z\n");
    Path s = TestFiles.write(dir, "s.yaml", "columns:\n  t: timestamp\n");
    LongColumn t =
        (LongColumn) new FileSource(f, Optional.of(SchemaFile.read(s))).read().column("t");
    long tenUtc = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2025-01-01T10:00:00Z"));
    assertThat(t.values()).containsExactly(tenUtc, tenUtc - 7_200_000_000L, tenUtc);
  }

  @Test
  void wholeNumbersWrittenAsDecimalsReadIntoAnIntegerColumn() throws Exception {
    Path f = TestFiles.write(dir, "w.csv", "a\n7\n7.0\n7e2\n\n-3\n");
    Path s = TestFiles.write(dir, "s.yaml", "columns:\n  a: integer\n");
    LongColumn a =
        (LongColumn) new FileSource(f, Optional.of(SchemaFile.read(s))).read().column("a");
    assertThat(a.size()).isEqualTo(5);
    assertThat(a.value(0)).isEqualTo(7);
    assertThat(a.value(1)).isEqualTo(7);
    assertThat(a.value(2)).isEqualTo(700);
    assertThat(a.isNull(3)).isTrue();
    assertThat(a.value(4)).isEqualTo(-3);
  }

  @Test
  void jsonLinesKeysThatFirstAppearLateInTheFileAreRead() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      jsonl.append("{\"a\": ").append(i).append("}\n");
    }
    jsonl.append("{\"a\": 30000, \"late\": \"x\"}\n");
    Frame f = new FileSource(TestFiles.write(dir, "late.jsonl", jsonl.toString())).read();
    assertThat(f.columnNames()).containsExactly("a", "late");
    assertThat(f.column("late").nullCount()).isEqualTo(30_000);
    assertThat(f.column("late").get(30_000)).isEqualTo("x");
  }
}
