package dev.kiln.cli.data;

import dev.kiln.core.UserException;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.data.source.FileSource;
import dev.kiln.data.validate.JsonReport;
import dev.kiln.data.validate.TextReport;
import dev.kiln.data.validate.ValidationLimits;
import dev.kiln.data.validate.ValidationReport;
import dev.kiln.data.validate.Validator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln data validate}: checks a file against a schema's rules; exit 1 on any violation. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a data file against the rules of a schema file and report every violation with its"
          + " line, column and value, then a count per rule.",
      "Exit code: 0 valid, 1 violations found, 2 usage or input error.",
      "Rules and the schema format: docs/data-validate.md."
    })
public final class ValidateCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    TEXT,
    JSON
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description = "A .csv, .tsv, .parquet or .jsonl file.")
  Path file;

  @Option(
      names = "--schema",
      required = true,
      paramLabel = "SCHEMA",
      description = "The schema file (YAML) with the columns and rules.")
  Path schema;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--max-per-rule",
      paramLabel = "N",
      defaultValue = "" + ValidationLimits.DEFAULT_MAX_PER_RULE,
      description =
          "Violations listed per rule; counts always cover all (0 lists all; default:"
              + " ${DEFAULT-VALUE}).")
  int maxPerRule;

  @Option(
      names = "--now",
      paramLabel = "INSTANT",
      description =
          "The time freshness rules are checked against, e.g. 2024-05-01T12:00:00Z (default: the"
              + " current time), for reproducible runs.")
  String now;

  @Override
  public Integer call() {
    ValidationLimits limits = new ValidationLimits(maxPerRule);
    Clock clock = clock();
    Schema rules = SchemaFile.read(schema);
    ValidationReport report = Validator.validate(new FileSource(file), rules, clock, limits);
    PrintWriter out = spec.commandLine().getOut();
    if (format == Format.JSON) {
      out.print(JsonReport.write(report));
      out.flush();
    } else {
      TextReport.write(report, out);
    }
    return report.valid() ? 0 : 1;
  }

  private Clock clock() {
    if (now == null) {
      return Clock.systemUTC();
    }
    try {
      return Clock.fixed(Instant.parse(now), ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UserException(
          "--now expects an instant such as 2024-05-01T12:00:00Z but was '" + now + "'");
    }
  }
}
