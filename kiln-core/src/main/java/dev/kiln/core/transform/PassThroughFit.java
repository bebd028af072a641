package dev.kiln.core.transform;

import java.util.List;

/** A fitted {@link PassThrough}. */
public record PassThroughFit(String column) implements FittedTransform {
  @Override
  public List<String> featureNames() {
    return List.of(column);
  }
}
