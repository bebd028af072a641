package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.synth.Payments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code kiln predict}: one line naming what is wrong, exit 2, no output file. */
class PredictCommandErrorsTest {
  @TempDir static Path models;
  @TempDir Path dir;

  static Path bundle;
  static Path folderBundle;

  @BeforeAll
  static void train() {
    bundle = TrainedBundles.train(models.resolve("fraud.kiln"), "is_fraud", "logistic");
    folderBundle = TrainedBundles.train(models.resolve("fraud"), "is_fraud", "logistic");
  }

  private Path input() {
    Path in = dir.resolve("in.csv");
    FrameWriter.write(Payments.generate(200, 5), in);
    return in;
  }

  private CliRun predict(Path model, Path data, Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "predict",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private String failure(CliRun run) throws Exception {
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1);
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("in.csv")))
          .as("files left beside the input")
          .isEmpty();
    }
    return run.err().strip();
  }

  @Test
  void aMissingRequiredColumnIsNamedBeforeAnyRowIsWritten() throws Exception {
    Frame full = Payments.generate(200, 5);
    List<Column> cols = new ArrayList<>(full.columns());
    cols.removeIf(c -> c.name().equals("amount") || c.name().equals("channel"));
    Path in = dir.resolve("in.csv");
    FrameWriter.write(new Frame(cols), in);
    String err = failure(predict(bundle, in, dir.resolve("out.csv")));
    assertThat(err)
        .startsWith("kiln: error: " + in + ": the model needs columns 'amount', 'channel'")
        .contains("its columns: payment_id, ts");
  }

  @Test
  void aValueThatIsNotOfTheSignatureTypeIsNamedWithItsLineAndColumn() throws Exception {
    Path in = input();
    List<String> lines = new ArrayList<>(Files.readAllLines(in));
    List<String> header = List.of(lines.get(0).split(","));
    int amount = header.indexOf("amount");
    String[] row = lines.get(150).split(",", -1);
    row[amount] = "lots";
    lines.set(150, String.join(",", row));
    Files.write(in, lines);
    String err = failure(predict(bundle, in, dir.resolve("out.csv"), "--batch-rows", "50"));
    assertThat(err)
        .contains(in.toString())
        .contains("line 151")
        .contains("amount")
        .contains("lots");
  }

  @Test
  void anEditedBundleIsRefused() throws Exception {
    Path copy = models.resolve("edited");
    copyFolder(folderBundle, copy);
    Path model;
    try (Stream<Path> s = Files.list(copy)) {
      model =
          s.filter(p -> !p.getFileName().toString().startsWith("kiln-model"))
              .findFirst()
              .orElseThrow();
    }
    Files.writeString(model, Files.readString(model).replaceFirst("[0-9]", "7"));
    String err = failure(predict(copy, input(), dir.resolve("out.csv")));
    assertThat(err).startsWith("kiln: error: " + copy).contains(model.getFileName().toString());
  }

  @Test
  void aTruncatedBundleIsRefused() throws Exception {
    Path cut = models.resolve("cut.kiln");
    byte[] bytes = Files.readAllBytes(bundle);
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    String err = failure(predict(cut, input(), dir.resolve("out.csv")));
    assertThat(err).startsWith("kiln: error: ").contains(cut.toString());
  }

  @Test
  void aFolderThatIsNotABundleIsRefused() throws Exception {
    Path foreign = Files.createDirectories(models.resolve("photos"));
    Files.writeString(foreign.resolve("cat.txt"), "meow");
    String err = failure(predict(foreign, input(), dir.resolve("out.csv")));
    assertThat(err)
        .isEqualTo(
            "kiln: error: " + foreign + " is not a Kiln model bundle: it has no kiln-model.json");
  }

  @Test
  void aZipThatIsNotABundleIsRefused() throws Exception {
    Path zip = models.resolve("other.kiln");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("readme.txt"));
      out.write("hello".getBytes());
      out.closeEntry();
    }
    String err = failure(predict(zip, input(), dir.resolve("out.csv")));
    assertThat(err).contains(zip.toString()).contains("not a Kiln model bundle");
  }

  @Test
  void aMissingModelIsNamed() throws Exception {
    Path none = models.resolve("none.kiln");
    assertThat(failure(predict(none, input(), dir.resolve("out.csv"))))
        .isEqualTo("kiln: error: model bundle not found: " + none);
  }

  @Test
  void anOutputInAMissingFolderFailsBeforeScoring() throws Exception {
    Path out = dir.resolve("no/such/out.csv");
    assertThat(failure(predict(bundle, input(), out)))
        .isEqualTo(
            "kiln: error: cannot write "
                + out
                + ": the folder "
                + out.getParent()
                + " does not exist");
  }

  @Test
  void aKeepColumnNotInTheFileIsNamed() throws Exception {
    Path in = input();
    assertThat(failure(predict(bundle, in, dir.resolve("out.csv"), "--keep", "order_id")))
        .startsWith("kiln: error: --keep order_id: " + in + " has no column 'order_id'");
  }

  @Test
  void aKeepColumnThatClashesWithAnOutputIsRefused() throws Exception {
    Path in = dir.resolve("in.csv");
    Frame f = Payments.generate(50, 5);
    FrameWriter.write(f.with(((dev.kiln.core.frame.StringColumn) f.column("channel"))), in);
    Path renamed = dir.resolve("in.csv");
    List<String> lines = new ArrayList<>(Files.readAllLines(renamed));
    lines.set(0, lines.get(0).replace("payment_id", "prediction"));
    Files.write(renamed, lines);
    assertThat(failure(predict(bundle, renamed, dir.resolve("out.csv"), "--keep", "prediction")))
        .contains("--keep prediction: the output already has a column 'prediction'");
  }

  @Test
  void aMissingDataFileIsNamed() throws Exception {
    Path in = dir.resolve("nope.csv");
    assertThat(failure(predict(bundle, in, dir.resolve("out.csv"))))
        .isEqualTo("kiln: error: file not found: " + in);
  }

  @Test
  void anUnknownOptionIsOneLineWithExitTwo() throws Exception {
    CliRun run =
        CliRun.of("predict", "--model", "m", "--data", "d.csv", "--out", "o.csv", "--bogus");
    assertThat(failure(run)).startsWith("kiln: error: Unknown option: '--bogus'");
  }

  @Test
  void aNonPositiveBatchSizeIsRefused() throws Exception {
    assertThat(failure(predict(bundle, input(), dir.resolve("out.csv"), "--batch-rows", "0")))
        .isEqualTo("kiln: error: --batch-rows must be positive but was 0");
  }

  private static void copyFolder(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
