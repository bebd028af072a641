package dev.kiln.store;

import java.nio.file.Path;

/**
 * A registered model version with its bundle as a local file, checked against the bundle's digest:
 * what a model server or a batch job loads ({@code Predictor.load(bundle)} verifies the bundle's
 * own files too).
 *
 * <pre>{@code
 * RegisteredBundle b = RegisteredBundle.resolve(store, "fraud@champion");
 * try (Predictor p = Predictor.load(b.bundle())) { … }
 * }</pre>
 */
public record RegisteredBundle(ModelVersion version, Path bundle) {
  /** Resolves {@code NAME@ALIAS}, {@code NAME/VERSION} or {@code NAME} (latest) to its bundle. */
  public static RegisteredBundle resolve(Store store, String reference) {
    return resolve(store, ModelRef.parse(reference));
  }

  public static RegisteredBundle resolve(Store store, ModelRef reference) {
    ModelVersion v = reference.resolve(store.registry());
    if (v.bundleDigest() == null) {
      throw StoreException.notFound(
          "Model version %s/%d (%s) has no Kiln bundle: it was registered without one (source %s).",
          v.name(), v.version(), reference, v.source());
    }
    return new RegisteredBundle(v, store.artifacts().localFile(v.bundleDigest()));
  }
}
