package dev.kiln.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln quickstart}: runs the loop on generated data. */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    description = "Run the Kiln loop on generated data.")
public final class QuickstartCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
