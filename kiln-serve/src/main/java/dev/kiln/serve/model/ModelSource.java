package dev.kiln.serve.model;

import dev.kiln.store.ModelRef;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a served model comes from: a bundle file (served as version {@code 1}), or a reference into
 * the model registry (served with the registry's version number). A reference that names an alias
 * ({@code fraud@champion}) or only the model ({@code fraud}: its latest version) is followed: when
 * it points to another version, that version is loaded and swapped in. One that names a version
 * number ({@code fraud/3}) stays on it.
 *
 * @param name the name it is served as ({@code /v2/models/NAME})
 * @param reference the registry reference, or null for a bundle
 * @param bundle the bundle file or folder, or null for a registry reference
 */
public record ModelSource(String name, ModelRef reference, Path bundle) {
  public ModelSource {
    Objects.requireNonNull(name, "name");
    if ((reference == null) == (bundle == null)) {
      throw new IllegalArgumentException("a model source is a registry reference or a bundle");
    }
  }

  /** The registry's model {@code reference}, served under its registered name. */
  public static ModelSource registered(ModelRef reference) {
    return new ModelSource(reference.name(), reference, null);
  }

  /** The bundle at {@code path}, served as {@code name} version {@code 1}. */
  public static ModelSource bundle(String name, Path path) {
    return new ModelSource(name, null, path);
  }

  /** Whether the registry is polled for a new version to swap in. */
  public boolean follows() {
    return reference != null && reference.version() == 0;
  }

  /** How the command line named it: {@code fraud@champion}, or the bundle's path. */
  public String describe() {
    return reference != null ? reference.toString() : bundle.toString();
  }
}
