package dev.kiln.core.transform;

import java.util.List;

/** A fitted {@link Ordinal}: the training categories, sorted; a category's code is its index. */
public record OrdinalFit(String column, List<String> categories) implements FittedTransform {
  /** The code of a category not seen in training. */
  public static final double UNSEEN = -1;

  public OrdinalFit {
    categories = List.copyOf(categories);
  }

  @Override
  public List<String> featureNames() {
    return List.of(column);
  }
}
