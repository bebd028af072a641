package dev.kiln.cli.data;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln data split}: being built; prints that it is not yet available. */
@Command(name = "split", mixinStandardHelpOptions = true, description = "Not yet available.")
public final class SplitCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new dev.kiln.core.UserException("'kiln data split' is not available yet");
  }
}
