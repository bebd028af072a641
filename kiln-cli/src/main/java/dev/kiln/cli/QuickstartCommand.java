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
import dev.kiln.data.source.FileSource;
import dev.kiln.data.synth.Payments;
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
          + " validate. Prints what it did and what to run next."
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

    out.println();
    out.println("Next:");
    out.printf("  ./kiln data profile %s --out-dir %s%n", data, dir);
    out.printf("  ./kiln data --help%n");
    out.flush();
    return 0;
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
