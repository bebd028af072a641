package dev.kiln.store;

import java.util.List;
import java.util.Map;

/**
 * One version of a registered model.
 *
 * @param source where the model came from (a run's artifact URI or a path), as MLflow's
 * @param runId the run that produced it, or null
 * @param bundleDigest the bundle's digest in the artifact store ({@code sha256:…}), or null for a
 *     version registered by an MLflow client without a Kiln bundle
 * @param aliases the aliases that point at this version
 */
public record ModelVersion(
    String name,
    int version,
    long creationTime,
    long lastUpdatedTime,
    String description,
    String userId,
    String source,
    String runId,
    ModelVersionStatus status,
    String bundleDigest,
    Map<String, String> tags,
    List<String> aliases) {
  public ModelVersion {
    tags = Map.copyOf(tags);
    aliases = List.copyOf(aliases);
  }
}
