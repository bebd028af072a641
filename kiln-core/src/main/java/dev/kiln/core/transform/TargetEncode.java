package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * Replaces a category by the mean target of its training rows, shrunk towards the overall mean:
 * {@code (sum + smoothing * prior) / (count + smoothing)}. Training rows get out-of-fold values
 * (see docs/features.md); serving uses the encoding fitted on all training rows.
 *
 * @param folds how many folds the training rows are split into (rows assigned by the seed)
 * @param smoothing weight of the prior, in rows
 */
public record TargetEncode(int folds, double smoothing) implements Transform {
  public static final int DEFAULT_FOLDS = 5;
  public static final double DEFAULT_SMOOTHING = 10;

  public TargetEncode {
    if (folds < 2) {
      throw new UserException("target_encode folds must be at least 2 but was " + folds);
    }
    if (!(smoothing >= 0) || Double.isInfinite(smoothing)) {
      throw new UserException(
          "target_encode smoothing must be a finite number >= 0 but was " + smoothing);
    }
  }

  public static TargetEncode defaults() {
    return new TargetEncode(DEFAULT_FOLDS, DEFAULT_SMOOTHING);
  }

  @Override
  public String kind() {
    return "target_encode";
  }

  @Override
  public Set<ColumnType> accepts() {
    return CATEGORY;
  }
}
