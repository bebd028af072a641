package dev.kiln.cli;

import dev.kiln.core.UserException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln train}: being built (issue 4); says so. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Not yet available (issue 4).")
public final class TrainCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserException("'kiln train' is not available yet");
  }
}
