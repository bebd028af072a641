package dev.kiln.cli.tracking;

import dev.kiln.store.Experiment;
import dev.kiln.store.Store;
import dev.kiln.store.ViewType;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln experiments}: named groups of runs. */
@Command(
    name = "experiments",
    mixinStandardHelpOptions = true,
    description = "List, create, rename, delete and restore experiments.",
    subcommands = {
      ExperimentsCommand.ListExperiments.class,
      ExperimentsCommand.Create.class,
      ExperimentsCommand.Rename.class,
      ExperimentsCommand.Delete.class,
      ExperimentsCommand.Restore.class
    })
public final class ExperimentsCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kiln experiments list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments.")
  static final class ListExperiments implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Option(names = "--deleted", description = "List deleted experiments instead.")
    boolean deleted;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        Table t = new Table(List.of("ID", "NAME", "CREATED", "TAGS"));
        for (Experiment e :
            Experiments.all(s.tracking(), deleted ? ViewType.DELETED_ONLY : ViewType.ACTIVE_ONLY)) {
          t.row(List.of(e.id(), e.name(), Formats.time(e.creationTime()), tags(e.tags())));
        }
        if (t.isEmpty()) {
          out.println(deleted ? "No deleted experiments." : "No experiments.");
        } else {
          t.print(out, "");
        }
      }
      out.flush();
      return 0;
    }

    private static String tags(Map<String, String> tags) {
      StringBuilder b = new StringBuilder();
      new java.util.TreeMap<>(tags)
          .forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
      return b.toString();
    }
  }

  /** {@code kiln experiments create NAME}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an experiment.")
  static final class Create implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--tag", paramLabel = "K=V", description = "A tag, repeatable.")
    List<String> tags = new java.util.ArrayList<>();

    @Override
    public Integer call() {
      Map<String, String> t = KeyValue.parseAll("--tag", tags);
      try (Store s = store.open()) {
        String id = s.tracking().createExperiment(name, null, t);
        spec.commandLine().getOut().printf("created experiment '%s' (id %s)%n", name, id);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code kiln experiments rename NAME NEW}. */
  @Command(name = "rename", mixinStandardHelpOptions = true, description = "Rename an experiment.")
  static final class Rename implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(index = "0", paramLabel = "EXPERIMENT", description = "A name or id.")
    String experiment;

    @Parameters(index = "1", paramLabel = "NEW_NAME")
    String newName;

    @Override
    public Integer call() {
      try (Store s = store.open()) {
        Experiment e = Experiments.find(s.tracking(), experiment);
        s.tracking().renameExperiment(e.id(), newName);
        spec.commandLine()
            .getOut()
            .printf("renamed experiment '%s' (id %s) to '%s'%n", e.name(), e.id(), newName);
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code kiln experiments delete NAME}. */
  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Move an experiment and its runs to the bin.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "EXPERIMENT", description = "A name or id.")
    String experiment;

    @Override
    public Integer call() {
      return change(
          spec, store, experiment, "deleted", (s, e) -> s.tracking().deleteExperiment(e.id()));
    }
  }

  /** {@code kiln experiments restore NAME}. */
  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      description = "Bring a deleted experiment and its runs back.")
  static final class Restore implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "EXPERIMENT", description = "A name or id.")
    String experiment;

    @Override
    public Integer call() {
      return change(
          spec, store, experiment, "restored", (s, e) -> s.tracking().restoreExperiment(e.id()));
    }
  }

  private static int change(
      CommandLine.Model.CommandSpec spec,
      StoreOptions store,
      String ref,
      String done,
      BiConsumer<Store, Experiment> action) {
    try (Store s = store.open()) {
      Experiment e = Experiments.find(s.tracking(), ref);
      action.accept(s, e);
      spec.commandLine().getOut().printf("%s experiment '%s' (id %s)%n", done, e.name(), e.id());
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
