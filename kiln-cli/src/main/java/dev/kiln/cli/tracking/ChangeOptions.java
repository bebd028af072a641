package dev.kiln.cli.tracking;

import dev.kiln.store.Change;
import picocli.CommandLine.Option;

/** Who makes a registry change and why: written to the audit log with it. */
public final class ChangeOptions {
  @Option(
      names = "--who",
      paramLabel = "USER",
      description = "Who makes the change (default: $USER).")
  String who;

  @Option(names = "--why", paramLabel = "TEXT", description = "Why, for the audit log.")
  String why;

  Change change() {
    return new Change(Who.of(who, System.getenv()), why);
  }
}
