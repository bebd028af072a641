package dev.kiln.core.transform;

import java.util.List;

/**
 * A fitted {@link TargetEncode} on all training rows: each training category's smoothed mean target
 * ({@code encodings[i]} for {@code categories[i]}), the value for null, and the prior (the training
 * mean target) that an unseen category gets.
 */
public record TargetEncodingFit(
    String column,
    double prior,
    double smoothing,
    List<String> categories,
    List<Double> encodings,
    double nullEncoding)
    implements FittedTransform {
  public TargetEncodingFit {
    categories = List.copyOf(categories);
    encodings = List.copyOf(encodings);
    if (categories.size() != encodings.size()) {
      throw new IllegalArgumentException(
          categories.size() + " categories but " + encodings.size() + " encodings");
    }
  }

  @Override
  public List<String> featureNames() {
    return List.of(column + "__target");
  }
}
