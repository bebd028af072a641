package dev.kiln.cli;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.json.Json;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.profile.ProfileHtml;
import dev.kiln.data.io.AtomicFile;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.profile.Profiling;
import dev.kiln.data.schema.SchemaWriter;
import dev.kiln.data.source.FileFormat;
import dev.kiln.data.source.FileSource;
import dev.kiln.data.split.SplitFiles;
import dev.kiln.data.split.SplitResult;
import dev.kiln.data.split.Splitter;
import dev.kiln.data.synth.Payments;
import dev.kiln.data.validate.RuleSummary;
import dev.kiln.data.validate.ValidationLimits;
import dev.kiln.data.validate.ValidationReport;
import dev.kiln.data.validate.Validator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln quickstart}: the loop on generated card payments, step by step. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Kiln loop on generated card payments with fraud: generate, profile, split by time,"
          + " validate, train LightGBM and logistic regression, compare them with confidence"
          + " intervals, score a batch, serve the better model over HTTP for a few requests with"
          + " feedback. Prints what it did and what to run next."
    })
public final class QuickstartCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "kiln-quickstart",
      description = "Working folder for the generated files (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "50000",
      description = "Payments to generate (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "42",
      description =
          "Seed of the generator; the same seed gives the same data (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws IOException {
    dev.kiln.core.UserException.require(
        rows >= 1000, "--rows must be at least 1000 but was %d", rows);
    PrintWriter out = spec.commandLine().getOut();
    Files.createDirectories(dir);
    out.printf("Kiln quickstart: card payments with fraud (seed %d), in %s/%n%n", seed, dir);

    Path data = dir.resolve("payments.csv");
    Path schemaFile = dir.resolve("payments.schema.yaml");
    Frame payments = Payments.generate(rows, seed);
    FrameWriter.write(payments, data);
    AtomicFile.writeString(schemaFile, SchemaWriter.toYaml(Payments.schema()));
    out.printf(
        "[1] generated %,d payments, January to June 2025, %.1f%% fraud%n    %s%n    %s (types and rules)%n",
        payments.rowCount(), 100 * fraudRate(payments), data, schemaFile);

    Profile profile;
    try (Progress bar = new Progress("profiling", "rows", rows)) {
      profile =
          Profiling.profile(
              new FileSource(data, Optional.of(Payments.schema())),
              Clock.systemUTC(),
              bar::advance);
    }
    Path json = dir.resolve("payments.profile.json");
    Path html = dir.resolve("payments.profile.html");
    AtomicFile.writeString(json, Json.mapper().writeValueAsString(profile) + "\n");
    AtomicFile.writeString(html, ProfileHtml.render(profile));
    out.printf(
        "[2] profiled %d columns; dataset digest %s%n    %s (reference profile for drift)%n    %s (open it in a browser)%n",
        profile.columns().size(), profile.digest(), json, html);

    Path train = dir.resolve("payments.train.csv");
    Path test = dir.resolve("payments.test.csv");
    String cut = Payments.SHIFT.toString();
    SplitResult split =
        Splitter.of("time:ts@" + cut, Splitter.DEFAULT_TEST_FRACTION, seed).apply(payments);
    SplitFiles.write(
        payments.take(split.train()), payments.take(split.test()), train, test, FileFormat.CSV);
    out.printf(
        "[3] split by time at %s: %,d rows to train (January-April), %,d to test (May-June)%n    %s%n    %s%n",
        cut, split.train().length, split.test().length, train, test);

    out.printf("[4] validated against %s:%n", schemaFile.getFileName());
    ValidationReport trainReport = validate(train);
    ValidationReport testReport = validate(test);
    out.printf("    %s: %s%n", train.getFileName(), verdict(trainReport));
    out.printf("    %s: %s%n", test.getFileName(), verdict(testReport));
    for (RuleSummary r : testReport.summary()) {
      if (r.violations() > 0) {
        out.printf("      %s of %s: %,d rows%n", r.rule(), r.target(), r.violations());
      }
    }
    if (!testReport.valid()) {
      out.println(
          "    The later period breaks the contract the way production data does: a merchant\n"
              + "    category nobody had seen. Later steps of the loop detect this drift and retrain.");
    }

    QuickstartModels.Champion champion = new QuickstartModels(dir, seed, out).run(data, test, cut);
    Path logDir = dir.resolve(".kiln");
    QuickstartServing.Served served =
        new QuickstartServing(out)
            .run(champion.bundle(), QuickstartModels.MODEL, champion.version(), test, logDir);

    out.println();
    out.println("Next:");
    out.printf("  open %s%n", html);
    out.printf("  ./kiln data validate %s --schema %s%n", test, schemaFile);
    out.printf(
        "  ./kiln train --data %s --target is_fraud --split time:ts@%s --exclude payment_id,customer_id --out %s%n",
        data, cut, dir.resolve("my-model.kiln"));
    out.printf(
        "  ./kiln predict --model %s --data %s --out %s%n",
        dir.resolve("fraud-lightgbm.kiln"), test, dir.resolve("scored.csv"));
    String store = QuickstartModels.storeUrl(dir);
    out.printf("  ./kiln runs list --store %s%n", store);
    out.printf("  ./kiln models show fraud@champion --store %s%n", store);
    out.printf(
        "  ./kiln serve --bundle %s --name %s --log-dir %s%n",
        champion.bundle(), QuickstartModels.MODEL, logDir);
    out.printf(
        "  curl -s localhost:8080/invocations -H 'Content-Type: application/json' -d '%s'%n",
        served.example().replace("'", "'\\''"));
    out.printf("  ./kiln data --help%n");
    out.flush();
    return 0;
  }

  private ValidationReport validate(Path file) {
    return Validator.validate(
        new FileSource(file), Payments.schema(), Clock.systemUTC(), ValidationLimits.defaults());
  }

  private static String verdict(ValidationReport r) {
    long rules = r.summary().size();
    return r.valid()
        ? String.format("valid (%,d rows, %d rules checked)", r.rows(), rules)
        : String.format(
            "%,d violations in %,d rows (%d rules checked)", r.violationCount(), r.rows(), rules);
  }

  private static double fraudRate(Frame f) {
    LongColumn fraud = (LongColumn) f.column("is_fraud");
    long n = 0;
    for (int i = 0; i < f.rowCount(); i++) {
      n += fraud.value(i);
    }
    return (double) n / f.rowCount();
  }
}
