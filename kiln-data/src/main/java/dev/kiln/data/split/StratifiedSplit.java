package dev.kiln.data.split;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Keeps each class of a column in the same proportion on both sides: a class of {@code n_c} rows
 * gets {@code n_c × fraction} test rows rounded down or up, with the seats left over by rounding
 * down given by largest remainder (Hamilton's method) so that the test side has {@code round(n ×
 * fraction)} rows in all. Ties between equal remainders are broken by the seed. Missing values form
 * a class of their own. A class with a single row goes to train: a class seen only in test cannot
 * be learned.
 */
public record StratifiedSplit(String column) implements Split {
  @Override
  public SplitResult apply(Frame frame, double testFraction, long seed) {
    Column col = frame.column(column);
    int n = frame.rowCount();
    int target = Rows.testRows(n, testFraction);
    Strata strata = Strata.of(col);
    int classes = strata.size();
    UserException.require(
        classes <= Math.max(2, n / 2),
        "column '%s' has %,d distinct values in %,d rows; a stratified split needs a column of"
            + " classes with several rows each (a label or a category)",
        column,
        classes,
        n);
    Random random = new Random(seed);
    int[] quota = quotas(strata, testFraction, target, random);
    BitSet test = new BitSet(n);
    List<String> singles = new ArrayList<>();
    int placed = 0;
    for (int c = 0; c < classes; c++) {
      int[] rows = strata.rows()[c].clone();
      if (rows.length == 1) {
        singles.add(Strata.label(strata.keys().get(c)));
      }
      Rows.shuffle(rows, random);
      for (int i = 0; i < quota[c]; i++) {
        test.set(rows[i]);
      }
      placed += quota[c];
    }
    List<String> notes = new ArrayList<>();
    if (!singles.isEmpty()) {
      notes.add(
          singles.size()
              + (singles.size() == 1 ? " class" : " classes")
              + " of '"
              + column
              + "' "
              + (singles.size() == 1 ? "has" : "have")
              + " a single row and went to train: "
              + String.join(", ", singles.subList(0, Math.min(10, singles.size())))
              + (singles.size() > 10 ? ", …" : ""));
    }
    if (placed != target) {
      notes.add(
          "test has "
              + placed
              + " rows instead of "
              + target
              + ": the classes of '"
              + column
              + "' are too small to give more without leaving a class out of train");
    }
    UserException.require(
        placed > 0,
        "no class of column '%s' is large enough to give a row to test with fraction %s",
        column,
        testFraction);
    return SplitResult.of(n, test, notes);
  }

  /** Test rows per class by largest remainder, never taking a class's last train row. */
  static int[] quotas(Strata strata, double fraction, int target, Random random) {
    int classes = strata.size();
    int[] quota = new int[classes];
    double[] remainder = new double[classes];
    int[] cap = new int[classes];
    int given = 0;
    for (int c = 0; c < classes; c++) {
      int size = strata.rows()[c].length;
      cap[c] = size == 1 ? 0 : size - 1;
      double exact = size * fraction;
      quota[c] = Math.min(cap[c], (int) Math.floor(exact));
      remainder[c] = exact - Math.floor(exact);
      given += quota[c];
    }
    int[] tieBreak = Rows.identity(classes);
    Rows.shuffle(tieBreak, random);
    int[] rank = new int[classes];
    for (int i = 0; i < classes; i++) {
      rank[tieBreak[i]] = i;
    }
    Integer[] order = new Integer[classes];
    Arrays.setAll(order, c -> c);
    Arrays.sort(
        order,
        Comparator.<Integer>comparingDouble(c -> -remainder[c]).thenComparingInt(c -> rank[c]));
    for (int i = 0; given < target && i < classes; i++) {
      int c = order[i];
      if (quota[c] < cap[c]) {
        quota[c]++;
        given++;
      }
    }
    return quota;
  }

  @Override
  public String spec() {
    return "stratified:" + column;
  }
}
