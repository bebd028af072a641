package dev.kiln.data.split;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of each side, as indexes into the frame that was split, each side in input order. Every
 * row is on exactly one side. {@code notes} says what the user should know about how the split was
 * made (a class too small to stratify, the cut-off chosen for a time split).
 */
public record SplitResult(int[] train, int[] test, List<String> notes) {
  public SplitResult {
    train = train.clone();
    test = test.clone();
    notes = List.copyOf(notes);
  }

  /**
   * The split where the rows in {@code testRows} are test and the other rows of {@code n} train.
   */
  static SplitResult of(int n, BitSet testRows, List<String> notes) {
    int[] test = testRows.stream().toArray();
    int[] train = new int[n - test.length];
    int t = 0;
    for (int r = testRows.nextClearBit(0); r < n; r = testRows.nextClearBit(r + 1)) {
      train[t++] = r;
    }
    return new SplitResult(train, test, notes);
  }

  @Override
  public int[] train() {
    return train.clone();
  }

  @Override
  public int[] test() {
    return test.clone();
  }

  public int rowCount() {
    return train.length + test.length;
  }

  /** The share of rows on the test side. */
  public double testFraction() {
    return rowCount() == 0 ? 0 : test.length / (double) rowCount();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SplitResult r
        && Arrays.equals(train, r.train)
        && Arrays.equals(test, r.test)
        && notes.equals(r.notes);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(train) + Arrays.hashCode(test)) + notes.hashCode();
  }

  @Override
  public String toString() {
    return "SplitResult[train " + train.length + " rows, test " + test.length + " rows]";
  }
}
