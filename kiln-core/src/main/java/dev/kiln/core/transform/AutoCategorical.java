package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * Decided at fit time: {@link OneHot} when the training column has at most {@code oneHotLimit}
 * distinct values, {@link Ordinal} otherwise (a one-hot block that wide costs more than it helps).
 */
public record AutoCategorical(int oneHotLimit) implements Transform {
  public static final int DEFAULT_ONE_HOT_LIMIT = 20;

  public AutoCategorical {
    if (oneHotLimit < 1) {
      throw new UserException("one_hot_limit must be positive but was " + oneHotLimit);
    }
  }

  public static AutoCategorical defaults() {
    return new AutoCategorical(DEFAULT_ONE_HOT_LIMIT);
  }

  @Override
  public String kind() {
    return "categorical";
  }

  @Override
  public Set<ColumnType> accepts() {
    return CATEGORY;
  }
}
