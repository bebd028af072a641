package dev.kiln.cli.data;

import dev.kiln.core.UserException;
import dev.kiln.core.digest.DatasetDigest;
import dev.kiln.core.frame.Frame;
import dev.kiln.data.source.DataSource;
import dev.kiln.data.source.FileFormat;
import dev.kiln.data.split.ClassBalance;
import dev.kiln.data.split.SplitFiles;
import dev.kiln.data.split.SplitResult;
import dev.kiln.data.split.Splitter;
import dev.kiln.data.split.StratifiedSplit;
import dev.kiln.data.split.TimeSpan;
import dev.kiln.data.split.TimeSplit;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln data split}: divides a dataset into a train file and a test file. */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = {
      "Split a dataset into <name>.train.<ext> and <name>.test.<ext>, the same way for the same"
          + " seed on every run. Rows keep their input order on each side.",
      "Splits (--by):",
      "  random            a shuffled share of the rows",
      "  stratified:COL    each class of COL keeps its share on both sides",
      "  group:COL         every value of COL (a customer, a patient) on one side only",
      "  time:COL@CUT      rows before CUT train, the rest test",
      "  time:COL          the latest --test-fraction of rows test",
      "CUT is a date (2025-05-01, midnight UTC) or a date-time (2025-05-01T12:00:00Z;"
          + " without a zone, UTC)."
    })
public final class SplitCommand implements Callable<Integer> {
  private static final int MAX_CLASSES_SHOWN = 12;

  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = "--by",
      paramLabel = "SPLIT",
      defaultValue = "random",
      description = "A split from the list above (default: ${DEFAULT-VALUE}).")
  String by;

  @Option(
      names = "--test-fraction",
      paramLabel = "F",
      defaultValue = "0.2",
      description =
          "Share of rows for test, between 0 and 1; not used by time:COL@CUT (default:"
              + " ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description = "Seed of the random choices (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Existing folder for the two files (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Format of the files: csv, tsv, parquet or jsonl (default: the input's, csv for a"
              + " JDBC query).")
  FileFormat format;

  @Override
  public Integer call() {
    Splitter splitter = Splitter.of(by, testFraction, seed);
    FileFormat f = format != null ? format : inputFormat();
    String ext = f.name().toLowerCase(Locale.ROOT);
    UserException.require(
        !Files.exists(outDir) || Files.isDirectory(outDir),
        "--out-dir %s is a file, not a folder",
        outDir);
    Path trainPath = outDir.resolve(input.stem() + ".train." + ext).normalize();
    Path testPath = outDir.resolve(input.stem() + ".test." + ext).normalize();
    SplitFiles.checkWritable(trainPath, testPath);
    DataSource source = input.source();
    Frame frame = source.read();
    SplitResult result;
    try {
      result = splitter.apply(frame);
    } catch (UserException e) {
      throw new UserException(source.location() + ": " + e.getMessage(), e);
    }
    Frame train = frame.take(result.train());
    Frame test = frame.take(result.test());
    SplitFiles.write(train, test, trainPath, testPath, f);
    print(
        source.location(),
        frame,
        splitter,
        result,
        List.of(side("train", train, trainPath), side("test", test, testPath)));
    return 0;
  }

  private FileFormat inputFormat() {
    return input.input.startsWith("jdbc:") ? FileFormat.CSV : FileFormat.of(Path.of(input.input));
  }

  private record Side(String name, int rows, Path path, String digest) {}

  private static Side side(String name, Frame frame, Path path) {
    return new Side(name, frame.rowCount(), path, DatasetDigest.of(frame));
  }

  private void print(
      String location, Frame frame, Splitter splitter, SplitResult result, List<Side> sides) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "%s: %,d rows split by %s (%s)%n",
        location,
        frame.rowCount(),
        splitter.split().spec(),
        settings(splitter));
    for (Side s : sides) {
      out.printf(
          Locale.ROOT,
          "  %-5s %,9d rows (%5.1f%%)  %s%n        digest %s%n",
          s.name(),
          s.rows(),
          100.0 * s.rows() / frame.rowCount(),
          s.path(),
          s.digest());
    }
    if (splitter.split() instanceof StratifiedSplit st) {
      printBalance(out, ClassBalance.of(frame, st.column(), result), st.column());
    }
    if (splitter.split() instanceof TimeSplit t) {
      out.printf("time span of '%s':%n", t.column());
      TimeSpan.of(frame, t.column(), result.train()).ifPresent(s -> out.printf("  train %s%n", s));
      TimeSpan.of(frame, t.column(), result.test()).ifPresent(s -> out.printf("  test  %s%n", s));
    }
    for (String note : result.notes()) {
      out.println("note: " + note);
    }
    out.flush();
  }

  /** The settings that decided the split: a time split uses no seed, or not even the fraction. */
  private static String settings(Splitter splitter) {
    if (splitter.split() instanceof TimeSplit t) {
      return t.cutoff().isPresent()
          ? "the cut-off decides"
          : "test fraction " + splitter.testFraction();
    }
    return "test fraction " + splitter.testFraction() + ", seed " + splitter.seed();
  }

  private static void printBalance(PrintWriter out, List<ClassBalance> classes, String column) {
    int trainRows = classes.stream().mapToInt(ClassBalance::train).sum();
    int testRows = classes.stream().mapToInt(ClassBalance::test).sum();
    out.printf("class balance of '%s':%n", column);
    out.printf("  %-20s %17s %17s%n", "class", "train", "test");
    for (ClassBalance c : classes.subList(0, Math.min(MAX_CLASSES_SHOWN, classes.size()))) {
      out.printf(
          Locale.ROOT,
          "  %-20s %,9d (%5.1f%%) %,9d (%5.1f%%)%n",
          shorten(c.label()),
          c.train(),
          100.0 * c.train() / trainRows,
          c.test(),
          100.0 * c.test() / testRows);
    }
    if (classes.size() > MAX_CLASSES_SHOWN) {
      out.printf("  … and %d more classes%n", classes.size() - MAX_CLASSES_SHOWN);
    }
  }

  private static String shorten(String s) {
    return s.length() > 20 ? s.substring(0, 19) + "…" : s;
  }
}
