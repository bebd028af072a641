package dev.kiln.core.bundle;

import java.util.Map;
import java.util.TreeMap;

/**
 * The learner behind a model: its library and version, the effective parameters, and the file in
 * the bundle that holds the library's own portable model.
 */
public record LearnerInfo(String library, String version, Map<String, Object> params, String file) {
  public LearnerInfo {
    params = params == null ? Map.of() : new TreeMap<>(params);
  }
}
