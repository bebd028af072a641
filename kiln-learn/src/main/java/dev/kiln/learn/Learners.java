package dev.kiln.learn;

import dev.kiln.core.UserException;
import dev.kiln.core.learn.Learner;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ParamSpec;
import dev.kiln.core.learn.Params;
import dev.kiln.core.learn.Task;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The learners by name: creates one from a task and parameters (text as from {@code --param k=v},
 * or typed values), lists each one's parameters and tasks, and loads a saved model back.
 */
public final class Learners {
  private static final List<String> NAMES =
      List.of(LightGbm.NAME, XgBoost.NAME, LibLinear.LOGISTIC, LibLinear.LINEAR, KMeans.NAME);

  private Learners() {}

  /** Every learner's name; the first is the default. */
  public static List<String> names() {
    return NAMES;
  }

  /** The parameters a learner takes, with defaults and allowed values. */
  public static List<ParamSpec> params(String learner) {
    switch (known(learner)) {
      case LightGbm.NAME:
        return LightGbm.PARAMS;
      case XgBoost.NAME:
        return XgBoost.PARAMS;
      case KMeans.NAME:
        return KMeans.PARAMS;
      default:
        return LibLinear.PARAMS;
    }
  }

  /** The kinds of task a learner does. */
  public static Set<Task.Kind> tasks(String learner) {
    switch (known(learner)) {
      case LibLinear.LOGISTIC:
        return EnumSet.of(Task.Kind.BINARY, Task.Kind.MULTICLASS);
      case LibLinear.LINEAR:
        return EnumSet.of(Task.Kind.REGRESSION);
      case KMeans.NAME:
        return EnumSet.of(Task.Kind.CLUSTERING);
      default:
        return EnumSet.of(Task.Kind.BINARY, Task.Kind.MULTICLASS, Task.Kind.REGRESSION);
    }
  }

  /**
   * A learner for {@code task}, its parameters checked now.
   *
   * @throws UserException for an unknown learner, a task it does not do, an unknown parameter or an
   *     invalid value
   */
  public static Learner create(String learner, Task task, Map<String, ?> params) {
    String name = known(learner);
    if (!tasks(name).contains(task.kind())) {
      throw new UserException(
          "Learner "
              + name
              + " does not do "
              + task.kind().name().toLowerCase(Locale.ROOT)
              + "; it does "
              + tasks(name).stream()
                  .map(k -> k.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", "))
              + ". Learners for it: "
              + NAMES.stream()
                  .filter(n -> tasks(n).contains(task.kind()))
                  .collect(Collectors.joining(", ")));
    }
    Params checked = Params.of(name, params(name), params);
    switch (name) {
      case LightGbm.NAME:
        return new LightGbm(task, checked);
      case XgBoost.NAME:
        return new XgBoost(task, checked);
      case KMeans.NAME:
        return new KMeans(checked);
      default:
        return new LibLinear(name, task, checked);
    }
  }

  /** Loads the file a model saved into {@code folder}, described by that model's info. */
  public static Model load(Path folder, String file, ModelInfo info) {
    switch (known(info.learner())) {
      case LightGbm.NAME:
        return LightGbmModel.load(folder, file, info);
      case XgBoost.NAME:
        return XgBoostModel.load(folder, file, info);
      case KMeans.NAME:
        return KMeansModel.load(folder, file, info);
      default:
        return LibLinearModel.load(folder, file, info);
    }
  }

  private static String known(String learner) {
    String name = learner == null ? "" : learner.trim().toLowerCase(Locale.ROOT);
    if (!NAMES.contains(name)) {
      throw new UserException(
          "Unknown learner '" + learner + "'. Known learners: " + String.join(", ", NAMES) + ".");
    }
    return name;
  }
}
