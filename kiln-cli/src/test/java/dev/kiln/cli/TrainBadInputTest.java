package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.synth.Payments;
import dev.kiln.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input to {@code kiln train}: one line, exit 2, and no bundle written. */
class TrainBadInputTest {
  @TempDir static Path dir;
  static Path payments;

  @BeforeAll
  static void writeData() {
    payments = dir.resolve("payments.csv");
    FrameWriter.write(Payments.generate(300, 3), payments);
  }

  /** Runs {@code kiln train --out <fresh path> args} and checks it failed cleanly. */
  static String fails(String... args) {
    Path out = dir.resolve("out-" + System.nanoTime() + ".kiln");
    String[] all = new String[args.length + 3];
    all[0] = "train";
    all[1] = "--out";
    all[2] = out.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    CliRun run = CliRun.of(all);
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("kiln: error: ");
    assertThat(out).doesNotExist();
    return run.err();
  }

  static Path csv(String name, String content) throws IOException {
    return TestFiles.write(dir, name, content);
  }

  static String rows(String header, int n, java.util.function.IntFunction<String> row) {
    StringBuilder s = new StringBuilder(header).append('\n');
    for (int i = 0; i < n; i++) {
      s.append(row.apply(i)).append('\n');
    }
    return s.toString();
  }

  @Test
  void absentTargetColumnListsTheColumns() {
    assertThat(fails("--data", payments.toString(), "--target", "fraud"))
        .contains("target column 'fraud' is not in the data")
        .contains("amount, merchant_category");
  }

  @Test
  void constantTargetIsRefused() throws IOException {
    Path f = csv("constant.csv", rows("x,y", 40, i -> i + ",1"));
    assertThat(fails("--data", f.toString(), "--target", "y"))
        .contains("target column 'y' is constant (every one of its 40 rows is 1)");
  }

  @Test
  void aClassWithOneRowIsNamed() throws IOException {
    Path f =
        csv(
            "single.csv",
            rows("x,y", 40, i -> i + "," + (i == 7 ? "rare" : i % 2 == 0 ? "a" : "b")));
    assertThat(fails("--data", f.toString(), "--target", "y"))
        .contains("class 'rare' of target 'y' has only 1 row")
        .contains("at least 2 rows of every class");
  }

  @Test
  void allNullFeatureIsNamedWithTheWayOut() throws IOException {
    Path f = csv("nullfeature.csv", rows("x,empty,y", 40, i -> i + ",," + (i % 2)));
    assertThat(fails("--data", f.toString(), "--target", "y"))
        .contains("feature column 'empty' is empty on every row")
        .contains("--exclude empty");
  }

  @Test
  void unknownLearnerListsTheKnownOnes() {
    assertThat(
            fails("--data", payments.toString(), "--target", "is_fraud", "--learner", "catboost"))
        .contains("Unknown learner 'catboost'. Known learners: lightgbm, xgboost, logistic");
  }

  @Test
  void unknownParameterIsNamed() {
    assertThat(
            fails("--data", payments.toString(), "--target", "is_fraud", "--param", "num_treez=10"))
        .contains("num_treez");
  }

  @Test
  void invalidParameterValueNamesParameterValueAndWhatIsAllowed() {
    assertThat(
            fails(
                "--data",
                payments.toString(),
                "--target",
                "is_fraud",
                "--param",
                "learning_rate=7"))
        .contains("learning_rate")
        .contains("7");
  }

  @Test
  void parameterWithoutEqualsSignIsRefused() {
    assertThat(
            fails(
                "--data", payments.toString(), "--target", "is_fraud", "--param", "num_iterations"))
        .contains("--param 'num_iterations' is not NAME=VALUE");
  }

  @Test
  void tooFewRowsAreRefused() throws IOException {
    Path f = csv("tiny.csv", rows("x,y", 6, i -> i + "," + (i % 2)));
    assertThat(fails("--data", f.toString(), "--target", "y"))
        .contains("has 6 rows; training needs at least 10");
  }

  @Test
  void aTimeSplitWithAnEmptySideIsRefused() {
    assertThat(
            fails(
                "--data",
                payments.toString(),
                "--target",
                "is_fraud",
                "--split",
                "time:ts@2030-01-01"))
        .contains("--split time:ts@2030-01-01T00:00:00Z: ")
        .contains("test would be empty");
  }

  @Test
  void aHoldoutWithOneClassOnlyIsRefused() throws IOException {
    Path f =
        csv(
            "late.csv",
            rows(
                "ts,x,y",
                28,
                i -> String.format("2025-01-%02dT00:00:00Z,%d,%d", i + 1, i, i < 14 ? i % 2 : 0)));
    assertThat(fails("--data", f.toString(), "--target", "y", "--split", "time:ts:0.3"))
        .contains("the holdout of split time:ts holds only class '0' of target 'y'");
  }

  @Test
  void aTaskThatDoesNotFitTheTargetIsRefused() {
    assertThat(
            fails(
                "--data",
                payments.toString(),
                "--target",
                "merchant_category",
                "--task",
                "regression"))
        .contains("regression needs an integer or float target");
  }

  @Test
  void anOutputFolderThatIsNotABundleIsLeftAlone() throws IOException {
    Path keep = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(keep.resolve("notes.txt"), "mine");
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "is_fraud",
            "--out",
            keep.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("is a folder that is not a model bundle");
    assertThat(keep.resolve("notes.txt")).hasContent("mine");
  }

  @Test
  void anOutputInAMissingFolderFailsBeforeTraining() {
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            payments.toString(),
            "--target",
            "is_fraud",
            "--out",
            dir.resolve("no/such/m.kiln").toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("does not exist");
  }
}
