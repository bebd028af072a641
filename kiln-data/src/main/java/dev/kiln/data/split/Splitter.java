package dev.kiln.data.split;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Frame;

/**
 * A split with its settings: the share of rows for test and the seed of the random choices. The
 * same frame and splitter give the same result on every run and every JVM.
 */
public record Splitter(Split split, double testFraction, long seed) {
  public static final double DEFAULT_TEST_FRACTION = 0.2;
  public static final long DEFAULT_SEED = 42;

  public Splitter {
    UserException.require(
        testFraction > 0 && testFraction < 1,
        "the test fraction must be between 0 and 1 (both excluded) but was %s",
        testFraction);
  }

  /** Parses the split from its text form ({@link Split#parse}). */
  public static Splitter of(String spec, double testFraction, long seed) {
    return new Splitter(Split.parse(spec), testFraction, seed);
  }

  public SplitResult apply(Frame frame) {
    UserException.require(frame.rowCount() > 0, "there are no rows to split");
    return split.apply(frame, testFraction, seed);
  }
}
