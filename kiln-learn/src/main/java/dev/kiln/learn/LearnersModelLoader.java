package dev.kiln.learn;

import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.ModelLoader;
import java.nio.file.Path;
import java.util.Set;

/** The {@link ModelLoader} for every learner of this module, registered as a service. */
public final class LearnersModelLoader implements ModelLoader {
  @Override
  public Set<String> learners() {
    return Set.copyOf(Learners.names());
  }

  @Override
  public Model load(Path folder, String file, ModelInfo info) {
    return Learners.load(folder, file, info);
  }
}
