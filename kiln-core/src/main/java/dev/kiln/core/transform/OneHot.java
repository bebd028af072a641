package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * One 0/1 feature per category seen in training, plus one for a category not seen (or too rare to
 * keep) and one for null.
 *
 * @param maxCategories how many of the most frequent categories get their own feature; the rest
 *     share the unseen feature
 */
public record OneHot(int maxCategories) implements Transform {
  public static final int DEFAULT_MAX_CATEGORIES = 100;

  public OneHot {
    if (maxCategories < 1) {
      throw new UserException("one_hot max_categories must be positive but was " + maxCategories);
    }
  }

  public static OneHot defaults() {
    return new OneHot(DEFAULT_MAX_CATEGORIES);
  }

  @Override
  public String kind() {
    return "one_hot";
  }

  @Override
  public Set<ColumnType> accepts() {
    return CATEGORY;
  }
}
