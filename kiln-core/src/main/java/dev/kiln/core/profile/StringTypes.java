package dev.kiln.core.profile;

import dev.kiln.core.frame.ColumnType;

/**
 * Decides whether an inferred string column is categorical or free text. Categorical when the
 * values repeat: at most {@value #MAX_CATEGORIES} distinct values and, past the first few, no more
 * than half as many distinct values as rows. A schema file overrides the choice.
 */
public final class StringTypes {
  public static final int MAX_CATEGORIES = 1000;
  private static final int ALWAYS_CATEGORICAL = 2;

  private StringTypes() {}

  public static ColumnType infer(long distinct, long nonNull) {
    if (distinct <= ALWAYS_CATEGORICAL && nonNull > distinct) {
      return ColumnType.CATEGORICAL;
    }
    boolean repeats = distinct * 2 <= nonNull;
    return distinct <= MAX_CATEGORIES && repeats ? ColumnType.CATEGORICAL : ColumnType.TEXT;
  }
}
