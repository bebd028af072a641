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
    BundlePrefetch.ahead(args); // kiln serve --bundle: the model loads while picocli parses
    CommandLine cli = commandLine(args);
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
    } finally {
      BundlePrefetch.closeAhead();
    }
  }

  /** The whole command tree. */
  static CommandLine commandLine() {
    return configured(tree(null));
  }

  /**
   * The command tree for {@code args}: the top command with only the subcommand they name (its own
   * subcommands included), or every subcommand when they name none, an unknown one, or help.
   */
  static CommandLine commandLine(String... args) {
    return configured(tree(named(args)));
  }

  /** The subcommand {@code args} run: the first word that is not an option, if a known one. */
  static String named(String... args) {
    for (String a : args) {
      if (!a.startsWith("-")) {
        return KilnCommand.SUBCOMMANDS.containsKey(a) && !a.equals("help") ? a : null;
      }
    }
    return null;
  }

  private static CommandLine tree(String only) {
    CommandLine cli = new CommandLine(new KilnCommand());
    KilnCommand.SUBCOMMANDS.forEach(
        (name, command) -> {
          if (only == null || only.equals(name)) {
            cli.addSubcommand(name, command.get());
          }
        });
    return cli;
  }

  private static CommandLine configured(CommandLine cli) {
    cli.setExecutionExceptionHandler(new ErrorHandler());
    cli.setParameterExceptionHandler(new ErrorHandler.Parameters());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }
}
