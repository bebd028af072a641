package dev.kiln.core.transform;

import java.util.List;

/** A fitted {@link Impute}: the value that replaces a missing number. */
public record ImputeFit(String column, String strategy, double fill, boolean indicator)
    implements FittedTransform {
  @Override
  public List<String> featureNames() {
    return indicator ? List.of(column, column + "__missing") : List.of(column);
  }
}
