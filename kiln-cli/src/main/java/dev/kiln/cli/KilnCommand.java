package dev.kiln.cli;

import dev.kiln.cli.data.DataCommand;
import dev.kiln.cli.tracking.ExperimentsCommand;
import dev.kiln.cli.tracking.ModelsCommand;
import dev.kiln.cli.tracking.RunsCommand;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
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
        "Kiln: data, training, tracking, serving and monitoring for ML models, in one JVM.")
public final class KilnCommand implements Runnable {
  /**
   * The subcommands by name, in the order help lists them. {@link Main} builds only the one a
   * command line names (picocli reads every option of every command it is given: a third of a
   * second of start-up for the whole tree), and the whole tree for help or an unknown name.
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("quickstart", QuickstartCommand::new);
    m.put("data", DataCommand::new);
    m.put("train", TrainCommand::new);
    m.put("predict", PredictCommand::new);
    m.put("runs", RunsCommand::new);
    m.put("experiments", ExperimentsCommand::new);
    m.put("models", ModelsCommand::new);
    m.put("server", ServerCommand::new);
    m.put("serve", ServeCommand::new);
    m.put("help", CommandLine.HelpCommand::new);
    return Collections.unmodifiableMap(m);
  }

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
