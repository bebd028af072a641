package dev.kiln.cli.data;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code kiln data}: read, profile, validate and split datasets. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description = "Profile, validate and split datasets (CSV, TSV, Parquet, JSON lines, JDBC).",
    subcommands = {
      ProfileCommand.class,
      ValidateCommand.class,
      SplitCommand.class,
      SchemaCommand.class
    })
public final class DataCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
