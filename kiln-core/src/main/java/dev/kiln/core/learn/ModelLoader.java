package dev.kiln.core.learn;

import java.nio.file.Path;
import java.util.Set;

/**
 * Loads the portable files of some learners' models. Implementations live in the modules that wrap
 * the native libraries (kiln-learn) and are found with {@link java.util.ServiceLoader}, so code
 * that only predicts (the server, Spark, Kafka) depends on kiln-core alone.
 */
public interface ModelLoader {
  /** The learner names this loader reads. */
  Set<String> learners();

  /** Loads the file a model saved into {@code folder}, described by that model's info. */
  Model load(Path folder, String file, ModelInfo info);
}
