package dev.kiln.core.metrics;

import dev.kiln.core.UserException;

/** Input checks shared by the {@link Outcomes} records; every failure names the array at fault. */
final class Check {
  private Check() {}

  static void sameRows(String first, int firstLength, String second, int secondLength) {
    UserException.require(
        firstLength == secondLength,
        "%s has %d values but %s has %d; they must have one value per row",
        first,
        firstLength,
        second,
        secondLength);
    UserException.require(
        firstLength > 0, "%s and %s are empty; a metric needs at least one row", first, second);
  }

  static void finite(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      UserException.require(
          Double.isFinite(values[i]),
          "%s must be finite numbers but row %d is %s",
          name,
          i,
          values[i]);
    }
  }

  static void classes(String name, int[] values, int classes) {
    for (int i = 0; i < values.length; i++) {
      UserException.require(
          values[i] >= 0 && values[i] < classes,
          "%s must be class indexes 0..%d but row %d is %d",
          name,
          classes - 1,
          i,
          values[i]);
    }
  }

  static void probabilities(String metric, String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      UserException.require(
          values[i] >= 0 && values[i] <= 1,
          "%s needs probabilities in [0, 1] but %s has %s at row %d",
          metric,
          name,
          values[i],
          i);
    }
  }
}
