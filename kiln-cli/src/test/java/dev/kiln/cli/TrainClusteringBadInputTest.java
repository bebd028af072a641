package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.synth.Payments;
import dev.kiln.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code kiln train} around clustering and target encoding: one line, exit 2, and no
 * bundle written.
 */
class TrainClusteringBadInputTest {
  @TempDir static Path dir;
  static String payments;

  @BeforeAll
  static void writeData() {
    Path file = dir.resolve("payments.csv");
    FrameWriter.write(Payments.generate(300, 3), file);
    payments = file.toString();
  }

  /** Runs {@code kiln train --out <fresh path> --no-track args} and checks it failed cleanly. */
  static String fails(String... args) {
    Path out = dir.resolve("out-" + System.nanoTime() + ".kiln");
    String[] all = new String[args.length + 4];
    all[0] = "train";
    all[1] = "--out";
    all[2] = out.toString();
    all[3] = "--no-track";
    System.arraycopy(args, 0, all, 4, args.length);
    CliRun run = CliRun.of(all);
    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(2);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("kiln: error: ");
    assertThat(out).doesNotExist();
    return run.err().strip().substring("kiln: error: ".length());
  }

  static String rows(String header, int n, java.util.function.IntFunction<String> row) {
    StringBuilder s = new StringBuilder(header).append('\n');
    for (int i = 0; i < n; i++) {
      s.append(row.apply(i)).append('\n');
    }
    return s.toString();
  }

  @Test
  void aTargetWithKmeansIsRefusedWithWhatToDoInstead() {
    assertThat(fails("--data", payments, "--learner", "kmeans", "--target", "is_fraud"))
        .isEqualTo(
            "--target is_fraud: learner kmeans clusters rows without a target; drop --target (and"
                + " --exclude is_fraud to keep the column out of the features)");
  }

  @Test
  void aSupervisedLearnerWithoutATargetSaysTheTargetIsRequired() {
    assertThat(fails("--data", payments))
        .isEqualTo(
            "--target is required for learner lightgbm (only kmeans trains without a target)");
    assertThat(fails("--data", payments, "--learner", "xgboost"))
        .startsWith("--target is required for learner xgboost");
  }

  @Test
  void aTaskThatDoesNotFitTheLearnerIsRefused() {
    assertThat(fails("--data", payments, "--target", "is_fraud", "--task", "clustering"))
        .isEqualTo(
            "--task clustering needs --learner kmeans; learner lightgbm does binary, multiclass,"
                + " regression");
    assertThat(fails("--data", payments, "--learner", "kmeans", "--task", "binary"))
        .isEqualTo(
            "--task binary needs a target and a supervised learner; learner kmeans does"
                + " clustering");
    assertThat(fails("--data", payments, "--learner", "kmeans", "--task", "clusters"))
        .isEqualTo("--task 'clusters' is not one of binary, multiclass, regression, clustering");
  }

  @Test
  void fewerThanTwoClustersOrMoreClustersThanTrainingRowsAreRefused() {
    assertThat(fails("--data", payments, "--learner", "kmeans", "--param", "k=1"))
        .isEqualTo(
            "Parameter k of learner kmeans must be at least 2 for kiln train (the holdout metrics"
                + " compare clusters) but was 1");
    assertThat(fails("--data", payments, "--learner", "kmeans", "--param", "k=0"))
        .startsWith(
            "Parameter k of learner kmeans must be an integer from 1 to 100000 but was '0'");
    assertThat(fails("--data", payments, "--learner", "kmeans", "--param", "k=241"))
        .isEqualTo(
            "--param k=241: k-means needs at least 241 training rows, one per cluster, but split"
                + " random leaves 240");
    assertThat(fails("--data", payments, "--learner", "kmeans", "--param", "num_leaves=3"))
        .startsWith("Unknown parameter 'num_leaves' for learner kmeans. Known parameters: k,");
  }

  @Test
  void dataWithNothingKmeansCanMeasureIsRefused() throws IOException {
    Path text =
        TestFiles.write(
            dir,
            "text.csv",
            rows("note,ts", 30, i -> "word " + i + ",2025-01-" + (10 + i % 20) + " 10:00:00"));

    assertThat(fails("--data", text.toString(), "--learner", "kmeans"))
        .isEqualTo(
            "k-means clusters numbers, booleans and categories, but "
                + text
                + " has none left to use: only note (text), ts (timestamp); add numeric or"
                + " categorical columns, or --exclude fewer");
    assertThat(
            fails(
                "--data",
                payments,
                "--learner",
                "kmeans",
                "--exclude",
                "payment_id,customer_id,amount,merchant_category,channel,country,card_present,"
                    + "customer_age,account_age_days,txn_last_24h,distance_from_home_km,is_fraud"))
        .contains("has none left to use: only ts (timestamp)");
  }

  @Test
  void anInfiniteValueIsRefusedNamingTheFeature() throws IOException {
    Path inf =
        TestFiles.write(
            dir, "inf.csv", rows("x,y", 40, i -> (i == 7 ? "inf" : Integer.toString(i)) + "," + i));

    assertThat(fails("--data", inf.toString(), "--learner", "kmeans", "--param", "k=2"))
        .matches(
            "feature 'x' is (Infinity|NaN) on 1 (training|holdout) row; k-means measures distances"
                + " and needs finite numbers \\(drop or fill those rows\\)");
  }

  @Test
  void aHoldoutInOneClusterHasNoSilhouetteAndSaysWhy() throws IOException {
    // the two far rows are the earliest: training has both clusters, the holdout only one
    Path far =
        TestFiles.write(
            dir,
            "far.csv",
            rows(
                "t,x",
                50,
                i ->
                    "2025-01-01 00:00:"
                        + String.format("%02d", i)
                        + ","
                        + (i < 2 ? "1000" : Double.toString(i % 5 * 0.01))));

    assertThat(
            fails(
                "--data",
                far.toString(),
                "--learner",
                "kmeans",
                "--param",
                "k=2",
                "--split",
                "time:t"))
        .isEqualTo(
            "holdout metrics of split time:t: silhouette is undefined unless the rows hold 2 to"
                + " n - 1 clusters, but its 10 rows hold 1");
  }

  @Test
  void targetEncodingColumnsAreChecked() {
    assertThat(fails("--data", payments, "--learner", "kmeans", "--target-encode", "country"))
        .isEqualTo("--target-encode needs a target; learner kmeans clusters without one");
    assertThat(fails("--data", payments, "--target", "channel", "--target-encode", "contry"))
        .startsWith(
            "--target-encode column 'contry' is not in the data; its columns are payment_id");
    assertThat(fails("--data", payments, "--target", "channel", "--target-encode", "channel"))
        .isEqualTo("--target-encode column 'channel' is not a feature (it is the target)");
    assertThat(
            fails(
                "--data",
                payments,
                "--target",
                "channel",
                "--exclude",
                "country",
                "--target-encode",
                "country"))
        .isEqualTo("--target-encode column 'country' is not a feature (it is excluded)");
    assertThat(fails("--data", payments, "--target", "channel", "--target-encode", "amount"))
        .isEqualTo(
            "target_encode on column 'amount' needs an integer, boolean, categorical or text"
                + " column but 'amount' is float");
  }
}
