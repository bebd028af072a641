package dev.kiln.cli.data;

import static dev.kiln.cli.data.SplitCommandTest.files;
import static dev.kiln.cli.data.SplitCommandTest.kiln;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.cli.CliRun;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.testing.SampleFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input: one line on stderr, exit code 2, and no file written. */
class SplitCommandErrorsTest {
  @TempDir Path dir;
  Path input;
  Set<Path> before;

  @BeforeEach
  void writeInput() throws IOException {
    input = dir.resolve("payments.csv");
    FrameWriter.write(SampleFrames.payments(100, 17), input);
    before = files(dir);
  }

  @Test
  void namesTheKnownSplitsForAnUnknownOne() throws IOException {
    assertFailsWith(
        "kiln: error: unknown split 'strata'; known splits: random, stratified:COL, group:COL,"
            + " time:COL, time:COL@CUT-OFF (e.g. stratified:label, time:ts@2025-05-01)",
        "--by",
        "strata:label");
  }

  @Test
  void namesTheColumnsThereAreForAMissingColumn() throws IOException {
    assertFailsWith(
        "kiln: error: "
            + input
            + ": no column 'lable'; the columns are: id, customer, label,"
            + " amount, ts",
        "--by",
        "stratified:lable");
  }

  @Test
  void refusesATestFractionOutsideZeroToOne() throws IOException {
    assertFailsWith(
        "kiln: error: the test fraction must be between 0 and 1 (both excluded) but was 1.5",
        "--test-fraction",
        "1.5");
  }

  @Test
  void refusesATestFractionThatIsNotANumber() throws IOException {
    CliRun run = run("--test-fraction", "a fifth");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .startsWith(
            "kiln: error: Invalid value for option '--test-fraction': 'a fifth' is not a double");
    assertThat(files(dir)).isEqualTo(before);
  }

  @Test
  void saysWhatTheColumnSpansWhenTheCutOffIsBeforeEveryRow() throws IOException {
    assertFailsWith(
        "kiln: error: "
            + input
            + ": no rows before 2020-01-01T00:00:00Z in column 'ts' (train"
            + " would be empty); the column spans 2025-01-0",
        "--by",
        "time:ts@2020-01-01");
  }

  @Test
  void refusesAnOutDirThatDoesNotExist() throws IOException {
    Path missing = dir.resolve("nowhere");
    assertFailsWith(
        "kiln: error: cannot write "
            + missing.resolve("payments.train.csv")
            + ": the folder "
            + missing.toAbsolutePath()
            + " does not exist",
        "--out-dir",
        missing.toString());
  }

  @Test
  void refusesAnOutDirThatIsAFile() throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "not a folder");
    before = files(dir);
    assertFailsWith(
        "kiln: error: --out-dir " + file + " is a file, not a folder",
        "--out-dir",
        file.toString());
  }

  @Test
  void writesNothingWhenTheTestFileCannotBeWritten() throws IOException {
    Files.createDirectory(dir.resolve("payments.test.csv"));
    before = files(dir);
    assertFailsWith(
        "kiln: error: cannot write " + dir.resolve("payments.test.csv") + ": it is a folder");
  }

  @Test
  void saysWhenTheInputIsMissing() throws IOException {
    CliRun run =
        kiln("data", "split", dir.resolve("nope.csv").toString(), "--out-dir", dir.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo("kiln: error: file not found: " + dir.resolve("nope.csv"));
    assertThat(files(dir)).isEqualTo(before);
  }

  @Test
  void refusesAnUnknownFormat() throws IOException {
    CliRun run = run("--format", "xlsx");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("Invalid value for option '--format'").contains("xlsx");
    assertThat(files(dir)).isEqualTo(before);
  }

  private void assertFailsWith(String message, String... options) throws IOException {
    CliRun run = run(options);
    assertThat(run.exit()).as(run.out()).isEqualTo(2);
    assertThat(run.err().strip()).startsWith(message);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(files(dir)).isEqualTo(before);
  }

  private CliRun run(String... options) {
    String[] args = new String[4 + options.length];
    args[0] = "data";
    args[1] = "split";
    args[2] = input.toString();
    System.arraycopy(options, 0, args, 3, options.length);
    args[args.length - 1] = "--out-dir=" + dir;
    boolean hasOutDir = false;
    for (String o : options) {
      hasOutDir |= o.equals("--out-dir");
    }
    if (hasOutDir) {
      return kiln(java.util.Arrays.copyOf(args, args.length - 1));
    }
    return kiln(args);
  }
}
