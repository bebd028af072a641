package dev.kiln.core.transform;

import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * What to do with one input column, before fitting: the configuration half of a transform. {@link
 * Pipeline#fit} turns each into a {@link FittedTransform}, which holds what was learnt.
 */
public sealed interface Transform
    permits Impute,
        Standardize,
        OneHot,
        Ordinal,
        TargetEncode,
        DateParts,
        HashedText,
        PassThrough,
        AutoCategorical {
  /** The name used in messages and documents, e.g. {@code one_hot}. */
  String kind();

  /** The column types this transform reads. */
  Set<ColumnType> accepts();

  /** Column types a numeric transform reads: booleans count as 0 and 1. */
  Set<ColumnType> NUMERIC = Set.of(ColumnType.INTEGER, ColumnType.FLOAT, ColumnType.BOOLEAN);

  /** Column types a category encoder reads: each distinct value (as text) is a category. */
  Set<ColumnType> CATEGORY =
      Set.of(ColumnType.CATEGORICAL, ColumnType.TEXT, ColumnType.INTEGER, ColumnType.BOOLEAN);
}
