package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import java.util.List;
import java.util.Set;

/**
 * Replaces a missing number (null or NaN) by a value learnt from the training column, optionally
 * adding a 0/1 column that says the value was missing.
 *
 * @param strategy one of {@code mean}, {@code median}, {@code constant}, {@code most_frequent}
 * @param constant the fill value for {@code constant} (ignored otherwise)
 * @param indicator whether to add the {@code <column>__missing} feature
 */
public record Impute(String strategy, double constant, boolean indicator) implements Transform {
  public static final List<String> STRATEGIES =
      List.of("mean", "median", "constant", "most_frequent");

  public Impute {
    if (!STRATEGIES.contains(strategy)) {
      throw new UserException(
          "impute strategy must be one of "
              + String.join(", ", STRATEGIES)
              + " but was '"
              + strategy
              + "'");
    }
    if (strategy.equals("constant") && !Double.isFinite(constant)) {
      throw new UserException("impute constant must be a finite number but was " + constant);
    }
  }

  /** The named strategy, without an indicator (a constant strategy fills 0). */
  public static Impute of(String strategy) {
    return new Impute(strategy, 0, false);
  }

  public static Impute mean() {
    return of("mean");
  }

  public static Impute median() {
    return of("median");
  }

  public static Impute mostFrequent() {
    return of("most_frequent");
  }

  public static Impute constant(double value) {
    return new Impute("constant", value, false);
  }

  /** The same strategy, adding the missing-indicator feature. */
  public Impute withIndicator() {
    return new Impute(strategy, constant, true);
  }

  @Override
  public String kind() {
    return "impute";
  }

  @Override
  public Set<ColumnType> accepts() {
    return NUMERIC;
  }
}
