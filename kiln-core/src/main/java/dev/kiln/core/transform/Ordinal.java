package dev.kiln.core.transform;

import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * One feature holding the category's position in the sorted list of training categories (0, 1, …);
 * a category not seen in training gets the reserved code -1 and null gets NaN (as scikit-learn's
 * OrdinalEncoder with {@code unknown_value=-1}).
 */
public record Ordinal() implements Transform {
  @Override
  public String kind() {
    return "ordinal";
  }

  @Override
  public Set<ColumnType> accepts() {
    return CATEGORY;
  }
}
