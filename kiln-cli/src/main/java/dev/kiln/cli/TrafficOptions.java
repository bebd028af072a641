package dev.kiln.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --variant} and {@code --shadow}: more registered versions beside a {@code --model} of the
 * same name, for {@code kiln serve} and {@code kiln server} (docs/serving.md, "Traffic").
 */
final class TrafficOptions {
  @Option(
      names = "--variant",
      paramLabel = "NAME[@ALIAS|/N]=PERCENT",
      description =
          "Answer PERCENT of the requests for NAME with this registered version (a canary, or the"
              + " B of an A/B test); the --model NAME answers the rest. Repeatable.")
  List<String> variants = new ArrayList<>();

  @Option(
      names = "--shadow",
      paramLabel = "NAME[@ALIAS|/N]",
      description =
          "Send a copy of every request for NAME to this registered version too: its predictions"
              + " are logged (\"shadow\": true), never answered. Repeatable.")
  List<String> shadows = new ArrayList<>();

  /** Whether any was given. */
  boolean any() {
    return !variants.isEmpty() || !shadows.isEmpty();
  }
}
