package dev.kiln.store;

import java.util.Map;

/**
 * A registered model: a name under which versions are registered.
 *
 * @param aliases alias name to version number
 * @param latestVersion the highest version number, or 0 when it has none
 */
public record RegisteredModel(
    String name,
    long creationTime,
    long lastUpdatedTime,
    String description,
    Map<String, String> tags,
    Map<String, Integer> aliases,
    int latestVersion) {
  public RegisteredModel {
    tags = Map.copyOf(tags);
    aliases = Map.copyOf(aliases);
  }
}
