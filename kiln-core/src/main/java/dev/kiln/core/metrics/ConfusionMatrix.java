package dev.kiln.core.metrics;

/**
 * Counts of rows by true class (row index) and predicted class (column index), as scikit-learn's
 * {@code confusion_matrix(labels=range(classes))}: {@code counts[t][p]}.
 */
public record ConfusionMatrix(long[][] counts) {
  public ConfusionMatrix {
    counts = deepCopy(counts);
  }

  /** The confusion matrix of {@code data}, every row counted once. */
  public static ConfusionMatrix of(ClassPredictions data) {
    int[] once = new int[data.rows()];
    java.util.Arrays.fill(once, 1);
    long[] flat = tally(data, once);
    int k = data.classes();
    long[][] counts = new long[k][k];
    for (int t = 0; t < k; t++) {
      System.arraycopy(flat, t * k, counts[t], 0, k);
    }
    return new ConfusionMatrix(counts);
  }

  @Override
  public long[][] counts() {
    return deepCopy(counts);
  }

  /** The number of rows of true class {@code t} predicted as class {@code p}. */
  public long count(int t, int p) {
    return counts[t][p];
  }

  public int classes() {
    return counts.length;
  }

  /** The confusion matrix of a multiset of rows, row-major in one array of classes² counts. */
  static long[] tally(ClassPredictions data, int[] rowCounts) {
    int k = data.classes();
    long[] flat = new long[k * k];
    tally(cells(data), rowCounts, flat);
    return flat;
  }

  /** Each row's cell of the row-major matrix: {@code label * classes + prediction}. */
  static int[] cells(ClassPredictions data) {
    int k = data.classes();
    int[] cells = new int[data.rows()];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = data.label(i) * k + data.prediction(i);
    }
    return cells;
  }

  /** Overwrites {@code matrix} with the matrix of the multiset {@code rowCounts}. */
  static void tally(int[] cells, int[] rowCounts, long[] matrix) {
    // Four partial matrices, rows taken in turn: neighbouring rows often share a cell, and with one
    // matrix each addition waits for the store of the one before. Integer sums: the same counts.
    int size = matrix.length;
    long[] partial = new long[4 * size];
    int n = rowCounts.length;
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      partial[cells[i]] += rowCounts[i];
      partial[size + cells[i + 1]] += rowCounts[i + 1];
      partial[2 * size + cells[i + 2]] += rowCounts[i + 2];
      partial[3 * size + cells[i + 3]] += rowCounts[i + 3];
    }
    for (; i < n; i++) {
      partial[cells[i]] += rowCounts[i];
    }
    for (int c = 0; c < size; c++) {
      matrix[c] = partial[c] + partial[size + c] + partial[2 * size + c] + partial[3 * size + c];
    }
  }

  private static long[][] deepCopy(long[][] counts) {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }
}
