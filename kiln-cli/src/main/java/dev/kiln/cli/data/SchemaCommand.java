package dev.kiln.cli.data;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code kiln data schema}: being built; prints that it is not yet available. */
@Command(name = "schema", mixinStandardHelpOptions = true, description = "Not yet available.")
public final class SchemaCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new dev.kiln.core.UserException("'kiln data schema' is not available yet");
  }
}
