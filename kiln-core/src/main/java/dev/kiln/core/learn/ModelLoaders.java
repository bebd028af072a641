package dev.kiln.core.learn;

import dev.kiln.core.UserException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** Finds the {@link ModelLoader} for a learner among those on the classpath. */
public final class ModelLoaders {
  private ModelLoaders() {}

  public static Model load(Path folder, String file, ModelInfo info) {
    TreeSet<String> known = new TreeSet<>();
    for (ModelLoader loader : ServiceLoader.load(ModelLoader.class)) {
      if (loader.learners().contains(info.learner())) {
        return loader.load(folder, file, info);
      }
      known.addAll(loader.learners());
    }
    throw new UserException(
        "no model loader for learner '"
            + info.learner()
            + "' on the classpath"
            + (known.isEmpty()
                ? " (add kiln-learn)"
                : "; loaders found for: " + String.join(", ", known)));
  }
}
