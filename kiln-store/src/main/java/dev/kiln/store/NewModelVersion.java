package dev.kiln.store;

import java.util.List;

/**
 * What {@link RegistryStore#createModelVersion} needs. The caller verifies the bundle and puts it
 * into the artifact store first; the registry checks the digest is there.
 */
public record NewModelVersion(
    String name,
    String source,
    String runId,
    String bundleDigest,
    String description,
    List<Tag> tags) {
  public NewModelVersion {
    Checks.name("A registered model", name);
    tags = List.copyOf(tags);
  }

  public static NewModelVersion of(String name, String source, String runId, String bundleDigest) {
    return new NewModelVersion(name, source, runId, bundleDigest, null, List.of());
  }
}
