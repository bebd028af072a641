package dev.kiln.data.source;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.testing.TestFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad inputs get one line that names the file, the line and the column where they apply. */
class FileSourceErrorsTest {
  @TempDir Path dir;

  private static void assertFails(FileSource source, String... parts) {
    assertThatThrownBy(source::read)
        .isInstanceOf(UserException.class)
        .satisfies(
            e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("\n"))
        .message()
        .contains(parts);
  }

  @Test
  void missingFileIsNamed() {
    assertFails(new FileSource(dir.resolve("nope.csv")), "file not found", "nope.csv");
  }

  @Test
  void folderIsNotAFile() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("data.csv"));
    assertFails(new FileSource(folder), "is a folder");
  }

  @Test
  void emptyFileSaysSo() throws Exception {
    assertFails(new FileSource(TestFiles.write(dir, "e.csv", "")), "e.csv", "the file is empty");
  }

  @Test
  void headerOnlyFileSaysThereAreNoRows() throws Exception {
    assertFails(
        new FileSource(TestFiles.write(dir, "h.csv", "a,b\n")), "h.csv", "header but no data rows");
  }

  @Test
  void raggedRowNamesItsLineInASmallFile() throws Exception {
    Path f = TestFiles.write(dir, "r.csv", "a,b,c\n1,2,3\n4,5,6,7\n");
    assertFails(new FileSource(f), "r.csv line 3", "expected 3 fields", "found 4");
  }

  @Test
  void shortRowNamesItsLineFarIntoALargeFile() throws Exception {
    StringBuilder csv = new StringBuilder("a,b,c\n");
    for (int i = 0; i < 60_000; i++) {
      csv.append(i).append(",2,3\n");
    }
    csv.append("7,8\n");
    Path f = TestFiles.write(dir, "big.csv", csv.toString());
    assertFails(new FileSource(f), "big.csv line 60002", "expected 3 fields");
  }

  @Test
  void nonNumericValueUnderAnExplicitSchemaNamesLineColumnAndValue() throws Exception {
    Path f = TestFiles.write(dir, "n.csv", "a,b\n1,2\nabc,3\n");
    Path s = TestFiles.write(dir, "s.yaml", "columns:\n  a: integer\n  b: integer\n");
    assertFails(
        new FileSource(f, Optional.of(SchemaFile.read(s))),
        "n.csv line 3",
        "column 'a'",
        "'abc'",
        "integer");
  }

  @Test
  void duplicateColumnNamesAreRefused() throws Exception {
    Path f = TestFiles.write(dir, "d.csv", "a,b,a\n1,2,3\n");
    assertFails(new FileSource(f), "d.csv line 1, column 3", "duplicate column name 'a'");
  }

  @Test
  void invalidUtf8NamesLineAndByte() throws Exception {
    byte[] bytes = "a,b\n1,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Path f = TestFiles.write(dir, "latin1.csv", bytes);
    assertFails(new FileSource(f), "latin1.csv line 2, byte 6", "invalid UTF-8");
  }

  @Test
  void schemaColumnMissingFromTheFileIsNamed() throws Exception {
    Path f = TestFiles.write(dir, "m.csv", "a,b\n1,2\n");
    Path s = TestFiles.write(dir, "s.yaml", "columns:\n  a: integer\n  zz: float\n");
    assertFails(
        new FileSource(f, Optional.of(SchemaFile.read(s))), "'zz'", "not in the file", "a, b");
  }

  @Test
  void unknownExtensionListsTheKnownOnes() {
    assertThatThrownBy(() -> new FileSource(dir.resolve("data.xlsx")))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("unknown file type")
        .hasMessageContaining(".parquet");
  }

  @Test
  void corruptParquetIsNamed() throws Exception {
    Path f = TestFiles.write(dir, "bad.parquet", "this is not parquet at all");
    assertFails(new FileSource(f), "bad.parquet", "Parquet");
  }

  @Test
  void unterminatedQuoteNamesTheFile() throws Exception {
    Path f = TestFiles.write(dir, "q.csv", "a,b\n1,\"open\n2,3\n");
    assertFails(new FileSource(f), "q.csv");
  }

  @Test
  void fractionInAnIntegerColumnIsRefusedNotRounded() throws Exception {
    Path f = TestFiles.write(dir, "i.csv", "a,note\n1,x\n2.0,\"two\nlines\"\n1.5,y\n");
    Path s = TestFiles.write(dir, "s.yaml", "columns:\n  a: integer\n  note: text\n");
    assertFails(
        new FileSource(f, Optional.of(SchemaFile.read(s))),
        "i.csv line 5",
        "column 'a'",
        "'1.5'",
        "an integer");
  }

  @Test
  void fractionInAnIntegerColumnOfAParquetFileNamesTheRow() throws Exception {
    Path csv = TestFiles.write(dir, "d.csv", "a\n1.0\n2.5\n");
    Path pq = dir.resolve("d.parquet");
    dev.kiln.data.io.FrameWriter.write(new FileSource(csv).read(), pq);
    Path s = TestFiles.write(dir, "s.yaml", "columns:\n  a: integer\n");
    assertFails(
        new FileSource(pq, Optional.of(SchemaFile.read(s))),
        "d.parquet row 1",
        "'2.5'",
        "an integer");
  }
}
