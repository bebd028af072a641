package dev.kiln.data.split;

import dev.kiln.core.frame.Frame;

/**
 * A way to divide a frame's rows into train and test: {@link RandomSplit}, {@link StratifiedSplit},
 * {@link GroupSplit} or {@link TimeSplit}. Written as text like {@code random}, {@code
 * stratified:label}, {@code group:customer_id} or {@code time:ts@2025-05-01}; see {@link #parse}.
 */
public sealed interface Split permits RandomSplit, StratifiedSplit, GroupSplit, TimeSplit {
  /**
   * Divides the rows of {@code frame}. The same frame, fraction and seed give the same result on
   * every JVM. Throws {@link dev.kiln.core.UserException} when a side would be empty or the column
   * does not suit the strategy.
   */
  SplitResult apply(Frame frame, double testFraction, long seed);

  /** The text form, which {@link #parse} reads back to an equal split. */
  String spec();

  /**
   * Reads the text form: {@code random}, {@code stratified:COL}, {@code group:COL}, {@code
   * time:COL[@CUT]}.
   */
  static Split parse(String spec) {
    return SplitSpec.parse(spec);
  }
}
