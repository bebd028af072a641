package dev.kiln.cli.data;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln data validate}: being built; prints that it is not yet available. */
@Command(name = "validate", mixinStandardHelpOptions = true, description = "Not yet available.")
public final class ValidateCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new dev.kiln.core.UserException("'kiln data validate' is not available yet");
  }
}
