package dev.kiln.cli;

import picocli.CommandLine;

/** Entry point of the {@code kiln} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (0 ok, 1 data invalid, 2 user error). */
  public static int run(String... args) {
    CommandLine cli = commandLine();
    try {
      return cli.execute(args);
    } catch (Throwable t) {
      // Errors (not Exceptions) pass picocli's handler: still one line, trace only on request.
      boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
      cli.getErr()
          .println(
              "kiln: internal error: " + t + (verbose ? "" : " (run with --verbose for details)"));
      if (verbose) {
        t.printStackTrace(cli.getErr());
      }
      cli.getErr().flush();
      return ErrorHandler.INTERNAL_ERROR;
    }
  }

  static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new KilnCommand());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ErrorHandler.Parameters());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
