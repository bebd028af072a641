package dev.kiln.cli;

import dev.kiln.cli.data.DataCommand;
import dev.kiln.cli.tracking.ExperimentsCommand;
import dev.kiln.cli.tracking.ModelsCommand;
import dev.kiln.cli.tracking.RunsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln}: the top of the command tree. */
@Command(
    name = "kiln",
    mixinStandardHelpOptions = true,
    versionProvider = KilnCommand.Version.class,
    description =
        "Kiln: data, training, tracking, serving and monitoring for ML models, in one JVM.",
    subcommands = {
      QuickstartCommand.class,
      DataCommand.class,
      TrainCommand.class,
      PredictCommand.class,
      RunsCommand.class,
      ExperimentsCommand.class,
      ModelsCommand.class,
      ServerCommand.class,
      ServeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class KilnCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces with errors.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static boolean verbose(CommandLine cmd) {
    CommandLine top = cmd;
    while (top.getParent() != null) {
      top = top.getParent();
    }
    return ((KilnCommand) top.getCommand()).verbose;
  }

  /** The version from the jar manifest, with the JVM it runs on. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = KilnCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "kiln " + (v == null ? "dev" : v),
        "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
