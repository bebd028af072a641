package dev.kiln.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted {@link Standardize}: {@code (x - mean) / scale}, after {@code impute} when there is one
 * (null otherwise). {@code scale} is the standard deviation, or 1 for a constant column.
 */
public record StandardizeFit(String column, ImputeFit impute, double mean, double scale)
    implements FittedTransform {
  @Override
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(List.of(column));
    if (impute != null && impute.indicator()) {
      names.add(column + "__missing");
    }
    return names;
  }
}
