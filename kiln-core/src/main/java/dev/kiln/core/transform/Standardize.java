package dev.kiln.core.transform;

import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * Centres a number on the training mean and divides by the training standard deviation (population,
 * as scikit-learn's StandardScaler); a constant column is only centred. Missing values are filled
 * first by {@code impute} when one is given, and otherwise come out as NaN.
 *
 * @param impute how to fill missing values before scaling, or null to leave them NaN
 */
public record Standardize(Impute impute) implements Transform {
  public static Standardize plain() {
    return new Standardize(null);
  }

  public static Standardize after(Impute impute) {
    return new Standardize(impute);
  }

  @Override
  public String kind() {
    return "standardize";
  }

  @Override
  public Set<ColumnType> accepts() {
    return NUMERIC;
  }
}
