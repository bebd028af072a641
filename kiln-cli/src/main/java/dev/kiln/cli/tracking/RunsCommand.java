package dev.kiln.cli.tracking;

import dev.kiln.store.Run;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln runs}: the recorded training runs. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List, show, compare and delete recorded runs.",
    subcommands = {
      RunsCommand.ListRuns.class,
      RunsCommand.Show.class,
      RunsCommand.Compare.class,
      RunsCommand.Delete.class,
      RunsCommand.Restore.class
    })
public final class RunsCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kiln runs list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = {
        "List runs as a table, newest first.",
        "Filter in MLflow's syntax: metrics.auc_roc > 0.8 and params.learner = 'lightgbm'"
      })
  static final class ListRuns implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(
        names = "--experiment",
        paramLabel = "NAME",
        description = "Only runs of this experiment (repeatable; default: all active ones).")
    List<String> experiments = new ArrayList<>();

    @Option(names = "--filter", paramLabel = "FILTER", description = "A search filter.")
    String filter;

    @Option(
        names = "--order-by",
        paramLabel = "TERM",
        description = "e.g. 'metrics.auc_roc DESC' (repeatable; default: newest first).")
    List<String> orderBy = new ArrayList<>();

    @Option(
        names = "--max",
        paramLabel = "N",
        defaultValue = "100",
        description = "At most this many runs (default: ${DEFAULT-VALUE}).")
    int max;

    @Option(names = "--deleted", description = "List deleted runs instead.")
    boolean deleted;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        RunListing.print(s.tracking(), experiments, filter, orderBy, max, deleted, out);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code kiln runs show RUN}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a run: params, metrics with CIs, tags, inputs, artifacts, lineage.")
  static final class Show implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "RUN", description = "A run id, a unique id prefix, or a run name.")
    String run;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        RunReport.print(s, Runs.find(s.tracking(), run), out);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code kiln runs compare A B …}. */
  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = "Params and metrics (with CIs) of runs side by side; * marks differences.")
  static final class Compare implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "RUN", arity = "2..*", description = "Two or more runs.")
    List<String> runs;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        List<Run> found = runs.stream().map(r -> Runs.find(s.tracking(), r)).toList();
        RunComparison.print(found, out);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code kiln runs delete RUN}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Move a run to the bin (kiln runs restore brings it back).")
  static final class Delete implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "RUN", description = "A run id, a unique id prefix, or a run name.")
    String run;

    @Override
    public Integer call() {
      try (Store s = store.open()) {
        Run r = Runs.find(s.tracking(), run);
        s.tracking().deleteRun(r.id());
        spec.commandLine().getOut().printf("deleted run %s (%s)%n", r.id(), r.info().runName());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code kiln runs restore RUN}. */
  @Command(name = "restore", mixinStandardHelpOptions = true, description = "Restore a run.")
  static final class Restore implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "RUN", description = "A run id, a unique id prefix, or a run name.")
    String run;

    @Override
    public Integer call() {
      try (Store s = store.open()) {
        Run r = Runs.find(s.tracking(), run);
        s.tracking().restoreRun(r.id());
        spec.commandLine().getOut().printf("restored run %s (%s)%n", r.id(), r.info().runName());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
