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
