package dev.kiln.learn.trees;

/**
 * The shallow trees of an {@link Ensemble} padded to complete binary trees, for walking a block of
 * rows one tree at a time: the tree (at most {@value #MAX_DEPTH} levels, 2 KB of nodes) stays in L1
 * while every row of the block goes through it, and a step has no branch that depends on the data.
 *
 * <p>A tree of depth d is laid out in breadth-first order, node i's children at 2i + 1 and 2i + 2,
 * one {@code long} per split (high 32 bits: the float threshold as an ordered key, see {@link
 * #key}; low 32: the feature times {@link #BLOCK}, where its keys start, see {@link #keys}); after
 * d steps a row stands on one of 2^d leaf slots. A leaf shallower than d is padded: the splits
 * below it are dummies and its value fills every slot under it, so the way a row goes below it does
 * not matter. A step is
 *
 * <pre>
 * i = 2i + 1 + (key(x[feature]) &gt; key(threshold) ? 1 : 0)
 * </pre>
 *
 * computed as the sign bit of a {@code long} difference of the two keys, so the step is the same
 * instructions whichever way the row goes and the rows of a block overlap in the processor (Asadi,
 * Lin and de Vries, "Runtime Optimizations for Tree-Based Machine Learning Models", IEEE TKDE 2014:
 * predication), eight rows in lockstep. The rows' values are turned into keys once per block, not
 * once per tree.
 *
 * <p>Only rows without NaN go this way (the caller walks the others), and only trees without
 * special nodes (zero-as-missing rules); the float thresholds are those of {@link Packed}, exact
 * for such rows.
 */
final class Complete {
  /** The deepest tree padded: 2^8 - 1 splits and 2^8 leaf slots, 4 KB together. */
  static final int MAX_DEPTH = 8;

  /** Rows per block: a row's keys are {@code BLOCK} ints apart (see {@link #keys}). */
  static final int BLOCK = 64;

  /** Features beyond this many do not fit the node's low word as {@code feature * BLOCK}. */
  static final int MAX_FEATURES = Integer.MAX_VALUE / BLOCK;

  private final long[] nodes;
  private final double[] slots;
  private final int[] nodeStart;
  private final int[] slotStart;
  private final int[] depth;

  private Complete(long[] nodes, double[] slots, int[] nodeStart, int[] slotStart, int[] depth) {
    this.nodes = nodes;
    this.slots = slots;
    this.nodeStart = nodeStart;
    this.slotStart = slotStart;
    this.depth = depth;
  }

  /**
   * Pads the trees that allow it; null when none does. A tree is left out ({@link #has} false) when
   * it is deeper than {@value #MAX_DEPTH} or has a {@code careful} node.
   *
   * @param roots each tree's root node (negative: the tree is a single leaf, ~leaf)
   * @param threshold each node's float threshold ("x &lt;= threshold goes left", for x not NaN)
   * @param left left child of each node (negative: ~leaf)
   */
  static Complete of(
      int[] roots,
      int[] feature,
      float[] threshold,
      int[] left,
      int[] right,
      boolean[] careful,
      double[] leaf) {
    int trees = roots.length;
    int[] depth = new int[trees];
    int[] nodeStart = new int[trees + 1];
    int[] slotStart = new int[trees + 1];
    boolean any = false;
    for (int t = 0; t < trees; t++) {
      int d = depth(roots[t], feature, left, right, careful, threshold, 0);
      depth[t] = d;
      any |= d >= 0;
      int size = d < 0 ? 0 : 1 << d;
      nodeStart[t + 1] = nodeStart[t] + Math.max(0, size - 1);
      slotStart[t + 1] = slotStart[t] + size;
    }
    if (!any) {
      return null;
    }
    Complete c =
        new Complete(
            new long[nodeStart[trees]], new double[slotStart[trees]], nodeStart, slotStart, depth);
    for (int t = 0; t < trees; t++) {
      if (depth[t] >= 0) {
        c.fill(t, roots[t], 0, 0, feature, threshold, left, right, leaf);
      }
    }
    return c;
  }

  /**
   * The depth of the tree under {@code node}, or -1 when it is too deep or holds a careful node or
   * a NaN threshold (nothing is {@code <=} NaN, but NaN has no key).
   */
  private static int depth(
      int node,
      int[] feature,
      int[] left,
      int[] right,
      boolean[] careful,
      float[] threshold,
      int level) {
    if (node < 0) {
      return 0;
    }
    if (careful[node]
        || Float.isNaN(threshold[node])
        || level >= MAX_DEPTH
        || feature[node] >= MAX_FEATURES) {
      return -1;
    }
    int l = depth(left[node], feature, left, right, careful, threshold, level + 1);
    int r = depth(right[node], feature, left, right, careful, threshold, level + 1);
    return l < 0 || r < 0 ? -1 : 1 + Math.max(l, r);
  }

  /** Writes tree t's part under {@code node}, which sits at breadth-first position {@code at}. */
  private void fill(
      int t,
      int node,
      int at,
      int level,
      int[] feature,
      float[] threshold,
      int[] left,
      int[] right,
      double[] leaf) {
    int d = depth[t];
    if (node < 0) {
      // the slots under position at: level d starts at 2^d - 1, and at covers 2^(d - level) slots;
      // the splits between stay 0 (feature 0, threshold key 0): either way reaches the same value
      int first = ((at + 1) << (d - level)) - (1 << d);
      int from = slotStart[t] + first;
      java.util.Arrays.fill(slots, from, from + (1 << (d - level)), leaf[~node]);
      return;
    }
    // -0.0 and 0.0 are equal thresholds but their keys differ: 0.0's key is the one that is right
    float c = threshold[node] == 0 ? 0f : threshold[node];
    nodes[nodeStart[t] + at] = (long) key(c) << 32 | (feature[node] * BLOCK & 0xffffffffL);
    fill(t, left[node], 2 * at + 1, level + 1, feature, threshold, left, right, leaf);
    fill(t, right[node], 2 * at + 2, level + 1, feature, threshold, left, right, leaf);
  }

  /**
   * An int whose signed order is the order of the floats, for every float but NaN, with -0.0 and
   * 0.0 one apart: the bits of a positive float, the magnitude bits flipped for a negative one.
   */
  static int key(float f) {
    int b = Float.floatToRawIntBits(f);
    return b ^ ((b >> 31) & 0x7fffffff);
  }

  /**
   * The keys of rows {@code from … from + rows - 1} of {@code x} ({@code cols} values each),
   * transposed: row r's value of feature f at {@code keys[f * BLOCK + r]}.
   */
  static void keys(float[] x, int from, int rows, int cols, int[] keys) {
    for (int r = 0; r < rows; r++) {
      int o = (from + r) * cols;
      for (int f = 0; f < cols; f++) {
        keys[f * BLOCK + r] = key(x[o + f]);
      }
    }
  }

  /** Whether tree t is padded here. */
  boolean has(int t) {
    return depth[t] >= 0;
  }

  /**
   * Adds tree t's leaf to the margin of every clean row of a block: row r's keys at {@code keys[f *
   * BLOCK + r]} ({@link #keys}), its margin at {@code m[r * stride + g]}, summed as {@link
   * Ensemble} sums (in float for {@code float32}). Rows not {@code clean} are left alone.
   */
  void add(
      int t,
      int[] keys,
      int rows,
      boolean[] clean,
      double[] m,
      int stride,
      int g,
      boolean float32) {
    long[] a = nodes;
    int base = nodeStart[t];
    int d = depth[t];
    int leaves = slotStart[t] - ((1 << d) - 1);
    if (d == 0) { // a single leaf
      for (int r = 0; r < rows; r++) {
        add(m, r, stride, g, leaves, clean, float32);
      }
      return;
    }
    // every row starts at the root: its threshold and feature are read once per block, not per row
    long root = a[base];
    long rootKey = root >> 32;
    int rootAt = (int) root;
    int r = 0;
    // eight rows in lockstep: eight independent chains of loads the processor overlaps
    for (; r + 8 <= rows; r += 8) {
      int i0 = first(rootKey, keys[rootAt + r]);
      int i1 = first(rootKey, keys[rootAt + r + 1]);
      int i2 = first(rootKey, keys[rootAt + r + 2]);
      int i3 = first(rootKey, keys[rootAt + r + 3]);
      int i4 = first(rootKey, keys[rootAt + r + 4]);
      int i5 = first(rootKey, keys[rootAt + r + 5]);
      int i6 = first(rootKey, keys[rootAt + r + 6]);
      int i7 = first(rootKey, keys[rootAt + r + 7]);
      for (int level = 1; level < d; level++) {
        i0 = step(a[base + i0], i0, keys, r);
        i1 = step(a[base + i1], i1, keys, r + 1);
        i2 = step(a[base + i2], i2, keys, r + 2);
        i3 = step(a[base + i3], i3, keys, r + 3);
        i4 = step(a[base + i4], i4, keys, r + 4);
        i5 = step(a[base + i5], i5, keys, r + 5);
        i6 = step(a[base + i6], i6, keys, r + 6);
        i7 = step(a[base + i7], i7, keys, r + 7);
      }
      add(m, r, stride, g, leaves + i0, clean, float32);
      add(m, r + 1, stride, g, leaves + i1, clean, float32);
      add(m, r + 2, stride, g, leaves + i2, clean, float32);
      add(m, r + 3, stride, g, leaves + i3, clean, float32);
      add(m, r + 4, stride, g, leaves + i4, clean, float32);
      add(m, r + 5, stride, g, leaves + i5, clean, float32);
      add(m, r + 6, stride, g, leaves + i6, clean, float32);
      add(m, r + 7, stride, g, leaves + i7, clean, float32);
    }
    for (; r < rows; r++) {
      int i = first(rootKey, keys[rootAt + r]);
      for (int level = 1; level < d; level++) {
        i = step(a[base + i], i, keys, r);
      }
      add(m, r, stride, g, leaves + i, clean, float32);
    }
  }

  /** The root's step ({@link #step} from position 0) with its key and feature already read. */
  private static int first(long rootKey, int key) {
    return 1 + (int) ((rootKey - key) >>> 63);
  }

  /**
   * One level down from position i: to 2i + 1 when the row's key is at most the threshold's, else
   * to 2i + 2, taken from the sign of the keys' difference (a long: it does not overflow).
   */
  private static int step(long node, int i, int[] keys, int r) {
    long diff = (node >> 32) - keys[(int) node + r];
    return 2 * i + 1 + (int) (diff >>> 63);
  }

  private void add(
      double[] m, int r, int stride, int g, int slot, boolean[] clean, boolean float32) {
    if (clean[r]) {
      int at = r * stride + g;
      double v = m[at] + slots[slot];
      m[at] = float32 ? (float) v : v;
    }
  }
}
