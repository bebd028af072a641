package dev.kiln.core.transform;

import java.util.List;

/**
 * A fitted {@link TargetEncode} of a multiclass target, on all training rows: for every class
 * {@code c}, each training category's smoothed share of rows of class {@code c} ({@code
 * encodings[i][c]} for {@code categories[i]}), the values for null, and the priors (each class's
 * share of the training rows) that an unseen category gets. One feature per class, {@code
 * col__target_<class>}, as scikit-learn's {@code TargetEncoder(target_type="multiclass")} writes
 * one per class.
 */
public record TargetEncodingMulticlassFit(
    String column,
    List<String> classes,
    List<Double> priors,
    double smoothing,
    List<String> categories,
    List<List<Double>> encodings,
    List<Double> nullEncodings)
    implements FittedTransform {
  public TargetEncodingMulticlassFit {
    classes = List.copyOf(classes);
    priors = List.copyOf(priors);
    categories = List.copyOf(categories);
    encodings = encodings.stream().map(List::copyOf).toList();
    nullEncodings = List.copyOf(nullEncodings);
    int k = classes.size();
    if (k < 3) {
      throw new IllegalArgumentException("a multiclass encoding needs 3 classes or more: " + k);
    }
    if (priors.size() != k || nullEncodings.size() != k) {
      throw new IllegalArgumentException(
          k + " classes but " + priors.size() + " priors, " + nullEncodings.size() + " nulls");
    }
    if (categories.size() != encodings.size()) {
      throw new IllegalArgumentException(
          categories.size() + " categories but " + encodings.size() + " encodings");
    }
    for (List<Double> e : encodings) {
      if (e.size() != k) {
        throw new IllegalArgumentException(k + " classes but an encoding has " + e.size());
      }
    }
  }

  @Override
  public List<String> featureNames() {
    return classes.stream().map(c -> column + "__target_" + c).toList();
  }
}
