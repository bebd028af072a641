package dev.kiln.cli;

import dev.kiln.core.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln predict}: being built (issue 4); says so. */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Not yet available (issue 4).")
public final class PredictCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'kiln predict' is not available yet");
  }
}
