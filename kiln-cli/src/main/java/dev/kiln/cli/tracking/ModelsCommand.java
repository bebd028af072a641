package dev.kiln.cli.tracking;

import dev.kiln.core.UserException;
import dev.kiln.store.Change;
import dev.kiln.store.ModelRef;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Store;
import dev.kiln.store.Tag;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kiln models}: the model registry. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Register model versions, move aliases, tag, and read the audit log.",
    subcommands = {
      ModelsCommand.Register.class,
      ModelsCommand.ListModels.class,
      ModelsCommand.Show.class,
      ModelsCommand.Alias.class,
      ModelsCommand.TagCommand.class,
      ModelsCommand.Audit.class
    })
public final class ModelsCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code kiln models register NAME --run RUN | --bundle PATH}. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      description =
          "Register the next version of a model (created on its first version) from a run's"
              + " bundle or a bundle file; the bundle is verified and kept in the artifact store.")
  static final class Register implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;
    @Mixin ChangeOptions who;

    @Parameters(paramLabel = "NAME")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
      @Option(
          names = "--run",
          paramLabel = "RUN",
          description = "The run whose bundle to register.")
      String run;

      @Option(
          names = "--bundle",
          paramLabel = "PATH",
          description = "A bundle folder or .kiln file.")
      Path bundle;
    }

    @Option(
        names = "--alias",
        paramLabel = "ALIAS",
        description = "Point this alias at it (repeatable).")
    List<String> aliases = new ArrayList<>();

    @Option(
        names = "--description",
        paramLabel = "TEXT",
        description = "The version's description.")
    String description;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        Change change = who.change();
        ModelVersion v =
            from.run != null
                ? ModelRegistration.fromRun(s, name, from.run, description, change)
                : ModelRegistration.fromBundle(s, name, from.bundle, description, change);
        ModelRegistration.setAliases(s.registry(), v, aliases, change);
        out.printf(
            "registered %s/%d (bundle %s%s)%s%n",
            v.name(),
            v.version(),
            v.bundleDigest(),
            v.runId() == null ? "" : ", run " + v.runId(),
            aliases.isEmpty() ? "" : "; " + String.join(", ", aliases) + " -> " + v.version());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code kiln models list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models.")
  static final class ListModels implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      try (Store s = store.open()) {
        ModelReport.list(s.registry(), spec.commandLine().getOut());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code kiln models show NAME[@ALIAS|/VERSION]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show a model (versions, aliases, tags) or one version with its lineage.")
  static final class Show implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "MODEL", description = "NAME, NAME@ALIAS or NAME/VERSION.")
    String model;

    @Override
    public Integer call() {
      ModelRef ref = ModelRef.parse(model);
      try (Store s = store.open()) {
        ModelReport.show(s.registry(), ref, spec.commandLine().getOut());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** {@code kiln models alias NAME ALIAS VERSION} or {@code --delete NAME ALIAS}. */
  @Command(
      name = "alias",
      mixinStandardHelpOptions = true,
      description = "Point an alias at a version (it moves atomically), or delete it.")
  static final class Alias implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;
    @Mixin ChangeOptions who;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "ALIAS")
    String alias;

    @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
    Integer version;

    @Option(names = "--delete", description = "Delete the alias.")
    boolean delete;

    @Override
    public Integer call() {
      if (delete == (version != null)) {
        throw new UserException(
            delete
                ? "kiln models alias --delete takes NAME ALIAS, without a version"
                : "kiln models alias needs NAME ALIAS VERSION (or --delete NAME ALIAS)");
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        if (delete) {
          s.registry().deleteAlias(name, alias, who.change());
          out.printf("deleted alias %s@%s%n", name, alias);
        } else {
          Integer before = s.registry().getRegisteredModel(name).aliases().get(alias);
          s.registry().setAlias(name, alias, version, who.change());
          out.printf(
              "%s@%s -> %d%s%n",
              name, alias, version, before == null ? "" : " (was " + before + ")");
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code kiln models tag NAME[/VERSION] KEY=VALUE}. */
  @Command(
      name = "tag",
      mixinStandardHelpOptions = true,
      description = "Set (or --delete) a tag on a model, or on a version with NAME/VERSION.")
  static final class TagCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;
    @Mixin ChangeOptions who;

    @Parameters(
        index = "0",
        paramLabel = "MODEL",
        description = "NAME, NAME/VERSION or NAME@ALIAS.")
    String model;

    @Parameters(
        index = "1",
        paramLabel = "KEY=VALUE",
        description = "The tag (only KEY with --delete).")
    String tag;

    @Option(names = "--delete", description = "Delete the tag KEY.")
    boolean delete;

    @Override
    public Integer call() {
      ModelRef ref = ModelRef.parse(model);
      PrintWriter out = spec.commandLine().getOut();
      try (Store s = store.open()) {
        var r = s.registry();
        Change change = who.change();
        boolean model = ref.alias() == null && ref.version() == 0;
        int v = model ? 0 : ref.resolve(r).version();
        String target = model ? ref.name() : ref.name() + "/" + v;
        if (delete) {
          if (model) {
            r.deleteRegisteredModelTag(ref.name(), tag, change);
          } else {
            r.deleteModelVersionTag(ref.name(), v, tag, change);
          }
          out.printf("deleted tag %s of %s%n", tag, target);
        } else {
          Map.Entry<String, String> kv = KeyValue.parse("tag", tag);
          Tag t = new Tag(kv.getKey(), kv.getValue());
          if (model) {
            r.setRegisteredModelTag(ref.name(), t, change);
          } else {
            r.setModelVersionTag(ref.name(), v, t, change);
          }
          out.printf("tagged %s: %s=%s%n", target, t.key(), t.value());
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code kiln models audit NAME}. */
  @Command(
      name = "audit",
      mixinStandardHelpOptions = true,
      description = "The model's audit log: every change, who made it, when and why.")
  static final class Audit implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StoreOptions store;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Store s = store.open()) {
        ModelReport.audit(s.registry(), name, spec.commandLine().getOut());
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
