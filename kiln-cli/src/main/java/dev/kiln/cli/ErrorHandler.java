package dev.kiln.cli;

import dev.kiln.core.UserException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place the CLI turns failures into output: a user's mistake is one line on stderr and exit
 * code 2; anything else is an internal error, exit 3. A stack trace only with --verbose.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int USER_ERROR = 2;
  static final int INTERNAL_ERROR = 3;

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    boolean verbose = KilnCommand.verbose(cmd);
    Throwable user = userCause(e);
    if (user != null) {
      err.println("kiln: error: " + user.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      err.flush();
      return USER_ERROR;
    }
    err.println(
        "kiln: internal error: " + e + (verbose ? "" : " (run with --verbose for details)"));
    if (verbose) {
      e.printStackTrace(err);
    }
    err.flush();
    return INTERNAL_ERROR;
  }

  private static Throwable userCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UserException) {
        return t;
      }
    }
    return null;
  }

  /** Unknown options and bad option values: one line and a hint, exit code 2. */
  static final class Parameters implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine cmd = e.getCommandLine();
      PrintWriter err = cmd.getErr();
      err.println(
          "kiln: error: "
              + e.getMessage()
              + " (see '"
              + cmd.getCommandSpec().qualifiedName()
              + " --help')");
      err.flush();
      return USER_ERROR;
    }
  }
}
