package dev.kiln.learn.trees;

/**
 * The trees of an {@link Ensemble} laid out for walking a block of rows through one tree in
 * lockstep: level by level, every row one step, with no branch that depends on the data. Leaves
 * become nodes that point to themselves (their threshold is NaN, so the test sends a row to the
 * second child, the leaf itself), so a row that reached its leaf early stays there while the others
 * go on. Rows are independent within a level, so the processor overlaps their memory loads instead
 * of waiting on one row's chain of loads and mispredicted branches (Asadi, Lin and de Vries,
 * "Runtime Optimizations for Tree-Based Machine Learning Models", IEEE TKDE 2014: predication).
 *
 * <p>Only rows without NaN and trees without {@code special} nodes (zero-as-missing rules,
 * thresholds in LightGBM's zero band) may be walked this way; {@link Ensemble} walks the others one
 * node at a time.
 */
final class Lockstep {
  private final int internal;
  private final int[] feature;
  private final double[] threshold;
  private final int[] kids;
  private final int[] depth;
  private final boolean[] plain;

  /** Whether trees 8g … 8g + 7 all exist and are plain, so one row may walk them together. */
  private final boolean[] plainEight;

  /** The deepest of trees 8g … 8g + 7. */
  private final int[] depthEight;

  /**
   * @param roots each tree's root node (negative: the tree is a single leaf, ~leaf)
   * @param left left child of each node (negative: ~leaf)
   */
  Lockstep(
      int[] roots,
      int[] feature,
      double[] threshold,
      int[] left,
      int[] right,
      boolean[] special,
      int leaves) {
    this.internal = feature.length;
    int total = internal + leaves;
    this.feature = new int[total];
    this.threshold = new double[total];
    this.kids = new int[2 * total];
    System.arraycopy(feature, 0, this.feature, 0, internal);
    System.arraycopy(threshold, 0, this.threshold, 0, internal);
    for (int n = 0; n < internal; n++) {
      kids[2 * n] = unified(left[n]);
      kids[2 * n + 1] = unified(right[n]);
    }
    for (int l = internal; l < total; l++) {
      this.threshold[l] = Double.NaN;
      kids[2 * l] = l;
      kids[2 * l + 1] = l;
    }
    this.depth = new int[roots.length];
    this.plain = new boolean[roots.length];
    for (int t = 0; t < roots.length; t++) {
      depth[t] = depth(roots[t], left, right);
      plain[t] = !anySpecial(roots[t], left, right, special);
    }
    this.plainEight = new boolean[roots.length / 8];
    this.depthEight = new int[roots.length / 8];
    for (int g = 0; g < plainEight.length; g++) {
      boolean all = true;
      int deepest = 0;
      for (int t = 8 * g; t < 8 * g + 8; t++) {
        all &= plain[t];
        deepest = Math.max(deepest, depth[t]);
      }
      plainEight[g] = all;
      depthEight[g] = deepest;
    }
  }

  private int unified(int child) {
    return child >= 0 ? child : internal + ~child;
  }

  private static int depth(int node, int[] left, int[] right) {
    if (node < 0) {
      return 0;
    }
    return 1 + Math.max(depth(left[node], left, right), depth(right[node], left, right));
  }

  private static boolean anySpecial(int node, int[] left, int[] right, boolean[] special) {
    if (node < 0) {
      return false;
    }
    return special[node]
        || anySpecial(left[node], left, right, special)
        || anySpecial(right[node], left, right, special);
  }

  /** True when tree t may be walked in lockstep. */
  boolean plain(int t) {
    return plain[t];
  }

  /** True when trees 8g … 8g + 7 may be walked together by one row ({@link #marginEight}). */
  boolean plainEight(int g) {
    return g < plainEight.length && plainEight[g];
  }

  /**
   * Walks one row (without NaN) through trees 8g … 8g + 7 together, level by level: eight
   * independent chains of loads instead of one, so the processor overlaps them (a single row's walk
   * is otherwise a chain of dependent loads and mispredicted branches). Returns {@code m} plus the
   * eight leaf values, added in tree order as the one-by-one walk adds them ({@code float32}:
   * rounded to float after each addition, as XGBoost sums).
   */
  double marginEight(
      int g, int[] roots, float[] x, int offset, double m, double[] leaf, boolean float32) {
    int t = 8 * g;
    int n0 = unified(roots[t]);
    int n1 = unified(roots[t + 1]);
    int n2 = unified(roots[t + 2]);
    int n3 = unified(roots[t + 3]);
    int n4 = unified(roots[t + 4]);
    int n5 = unified(roots[t + 5]);
    int n6 = unified(roots[t + 6]);
    int n7 = unified(roots[t + 7]);
    int[] f = feature;
    double[] c = threshold;
    int[] k = kids;
    for (int level = depthEight[g]; level > 0; level--) {
      n0 = k[(n0 << 1) + (x[offset + f[n0]] <= c[n0] ? 0 : 1)];
      n1 = k[(n1 << 1) + (x[offset + f[n1]] <= c[n1] ? 0 : 1)];
      n2 = k[(n2 << 1) + (x[offset + f[n2]] <= c[n2] ? 0 : 1)];
      n3 = k[(n3 << 1) + (x[offset + f[n3]] <= c[n3] ? 0 : 1)];
      n4 = k[(n4 << 1) + (x[offset + f[n4]] <= c[n4] ? 0 : 1)];
      n5 = k[(n5 << 1) + (x[offset + f[n5]] <= c[n5] ? 0 : 1)];
      n6 = k[(n6 << 1) + (x[offset + f[n6]] <= c[n6] ? 0 : 1)];
      n7 = k[(n7 << 1) + (x[offset + f[n7]] <= c[n7] ? 0 : 1)];
    }
    int base = internal;
    if (float32) {
      m = (float) (m + leaf[n0 - base]);
      m = (float) (m + leaf[n1 - base]);
      m = (float) (m + leaf[n2 - base]);
      m = (float) (m + leaf[n3 - base]);
      m = (float) (m + leaf[n4 - base]);
      m = (float) (m + leaf[n5 - base]);
      m = (float) (m + leaf[n6 - base]);
      return (float) (m + leaf[n7 - base]);
    }
    return m
        + leaf[n0 - base]
        + leaf[n1 - base]
        + leaf[n2 - base]
        + leaf[n3 - base]
        + leaf[n4 - base]
        + leaf[n5 - base]
        + leaf[n6 - base]
        + leaf[n7 - base];
  }

  /**
   * Walks rows {@code start … start + rows - 1} (row-major, {@code cols} values each) through tree
   * t from {@code root}; leaves each row's leaf index in {@code at}.
   */
  void leaves(int t, int root, float[] x, int cols, int start, int rows, int[] at) {
    int first = unified(root);
    for (int r = 0; r < rows; r++) {
      at[r] = first;
    }
    int[] f = feature;
    double[] c = threshold;
    int[] k = kids;
    for (int level = depth[t]; level > 0; level--) {
      int offset = start * cols;
      for (int r = 0; r < rows; r++, offset += cols) {
        int n = at[r];
        at[r] = k[(n << 1) + (x[offset + f[n]] <= c[n] ? 0 : 1)];
      }
    }
    for (int r = 0; r < rows; r++) {
      at[r] -= internal;
    }
  }
}
