package dev.kiln.learn.trees;

/**
 * The trees of an {@link Ensemble} packed for walking a row without NaN: every node and leaf is one
 * {@code long}, laid out in preorder with the left child right after its parent, so a step is one
 * load of the node, one load of the feature value, a comparison and an addition; the next index
 * comes from the same long, with no second chain of loads for the child.
 *
 * <pre>
 * split:   high 32 bits: the threshold as a float, fdown(t)   low 32: rightOffset &lt;&lt; bits | feature
 * special: high 32 bits: 0                                     low 32: SPECIAL | ordinal
 * leaf:    high 32 bits: a NaN whose payload is the leaf index low 32: 0
 * </pre>
 *
 * <p>The threshold as a float is exact: for a float x and a double t, {@code x <= t} exactly when
 * {@code x <= fdown(t)}, where fdown(t) is the largest float {@code <= t} (−∞ below the float
 * range, the largest float above it, NaN for NaN); {@link Ensemble} gives each node its float
 * threshold (in LightGBM's zero band, one that also reads tiny values as 0). A leaf is a split on
 * feature 0 with a NaN threshold and right offset 0: nothing is {@code <=} NaN, so a walk that
 * steps on a leaf stays there ({@link #marginEight}); a split's right offset is at least 2, so its
 * low word is never 0. Offsets, feature indices and leaf indices must fit their bits; when they do
 * not, {@link #of} returns null and the ensemble walks its unpacked arrays.
 *
 * <p>Special nodes (zero-as-missing rules) keep the careful test, {@link Ensemble#goesLeft}; their
 * low word holds an ordinal into {@code specialNode} (the node's number in {@link Ensemble}) and
 * {@code specialRight} (its right offset).
 */
final class Packed {
  static final int SPECIAL = 1 << 30;
  static final int NAN = 0x7fc00000;

  /** Leaves must fit the 22-bit NaN payload. */
  static final int MAX_LEAVES = 1 << 22;

  private final long[] nodes;
  private final int[] start;
  private final int mask;
  private final int bits;
  private final int[] specialNode;
  private final int[] specialRight;
  private final boolean[] plainEight;

  /** The deepest path of trees 8g … 8g + 7, in splits. */
  private final int[] depthEight;

  /** Whether trees 8g … 8g + 7 have leaves about as deep as the deepest (see the constructor). */
  private final boolean[] balanced;

  private Packed(
      long[] nodes,
      int[] start,
      int bits,
      int[] specialNode,
      int[] specialRight,
      int[] depth,
      double[] leafDepth,
      boolean[] plain) {
    this.nodes = nodes;
    this.start = start;
    this.bits = bits;
    this.mask = (1 << bits) - 1;
    this.specialNode = specialNode;
    this.specialRight = specialRight;
    int groups = start.length / 8;
    this.plainEight = new boolean[groups];
    this.depthEight = new int[groups];
    this.balanced = new boolean[groups];
    for (int g = 0; g < groups; g++) {
      boolean all = true;
      int deepest = 0;
      for (int t = 8 * g; t < 8 * g + 8; t++) {
        all &= plain[t];
        deepest = Math.max(deepest, depth[t]);
      }
      plainEight[g] = all;
      depthEight[g] = deepest;
      // the walks end together near the deepest level (a depth-wise tree): a fixed number of steps
      // beats testing every step whether all eight are done; else (leaf-wise trees) test
      double mean = 0;
      for (int t = 8 * g; t < 8 * g + 8; t++) {
        mean += leafDepth[t] / 8;
      }
      balanced[g] = mean >= 0.75 * deepest;
    }
  }

  /**
   * Packs the trees, or returns null when they do not fit: a right offset of {@code 2^(30 - bits)}
   * or more, where {@code bits} holds the highest feature index, or more than {@link #MAX_LEAVES}
   * leaves.
   *
   * @param roots each tree's root node (negative: the tree is a single leaf, ~leaf)
   * @param left left child of each node (negative: ~leaf)
   */
  static Packed of(
      int[] roots,
      int[] feature,
      float[] threshold,
      int[] left,
      int[] right,
      boolean[] special,
      int features) {
    int leaves = feature.length + roots.length;
    if (leaves > MAX_LEAVES) {
      return null;
    }
    int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(0, features - 1)));
    if (bits >= 30) {
      return null;
    }
    int maxOffset = (1 << (30 - bits)) - 1;
    int specials = 0;
    for (boolean s : special) {
      specials += s ? 1 : 0;
    }
    long[] nodes = new long[feature.length + leaves];
    int[] start = new int[roots.length];
    int[] specialNode = new int[specials];
    int[] specialRight = new int[specials];
    int[] depth = new int[roots.length];
    double[] leafDepth = new double[roots.length];
    boolean[] plain = new boolean[roots.length];
    // an explicit stack of (node, parent to patch or -1, level): leaf-wise trees can be deep
    int[] stack = new int[3 * (feature.length + leaves) + 3];
    int size = 0;
    int ordinal = 0;
    for (int t = 0; t < roots.length; t++) {
      start[t] = size;
      plain[t] = true;
      int top = 0;
      stack[top++] = roots[t];
      stack[top++] = -1;
      stack[top++] = 0;
      while (top > 0) {
        int level = stack[--top];
        int parent = stack[--top];
        int node = stack[--top];
        if (parent >= 0) {
          int offset = size - parent;
          if (offset > maxOffset) {
            return null;
          }
          long n = nodes[parent];
          if (((int) n & SPECIAL) != 0) {
            specialRight[(int) n & ~SPECIAL] = offset;
          } else {
            nodes[parent] = n | ((long) offset << bits);
          }
        }
        depth[t] = Math.max(depth[t], level);
        if (node < 0) {
          leafDepth[t] += level;
          nodes[size++] = (long) (NAN | ~node) << 32;
          continue;
        }
        if (special[node]) {
          plain[t] = false;
          specialNode[ordinal] = node;
          nodes[size] = SPECIAL | ordinal;
          ordinal++;
        } else {
          long high = Float.floatToRawIntBits(threshold[node]);
          nodes[size] = high << 32 | feature[node];
        }
        stack[top++] = right[node];
        stack[top++] = size;
        stack[top++] = level + 1;
        stack[top++] = left[node];
        stack[top++] = -1;
        stack[top++] = level + 1;
        size++;
      }
      leafDepth[t] /= (size - start[t] + 1) / 2;
    }
    return new Packed(nodes, start, bits, specialNode, specialRight, depth, leafDepth, plain);
  }

  /** The largest float {@code <= t}: −∞ below the float range, NaN for NaN. */
  static float floatDown(double t) {
    float f = (float) t;
    return f > t ? Math.nextDown(f) : f;
  }

  /** The leaf index a row without NaN reaches in tree t. */
  int leaf(int t, float[] x, int offset, Ensemble e) {
    long[] a = nodes;
    int p = start[t];
    long node = a[p];
    int low = (int) node;
    while (low != 0) {
      if (low < SPECIAL) {
        float v = x[offset + (low & mask)];
        p += v <= Float.intBitsToFloat((int) (node >>> 32)) ? 1 : low >>> bits;
      } else {
        int s = low & ~SPECIAL;
        p +=
            e.goesLeft(specialNode[s], x[offset + e.feature(specialNode[s])]) ? 1 : specialRight[s];
      }
      node = a[p];
      low = (int) node;
    }
    return leafAt(node);
  }

  /** True when trees 8g … 8g + 7 all exist and have no special node ({@link #marginEight}). */
  boolean plainEight(int g) {
    return g < plainEight.length && plainEight[g];
  }

  /**
   * Walks one row (without NaN) through trees 8g … 8g + 7 together, step by step, until the deepest
   * has reached its leaf (a leaf steps onto itself): eight independent chains of loads instead of
   * one, so the processor overlaps them. Returns {@code m} plus the eight leaf values, added in
   * tree order as the one-by-one walk adds them ({@code float32}: rounded to float after each
   * addition, as XGBoost sums).
   */
  double marginEight(int g, float[] x, int offset, double m, double[] leaf, boolean float32) {
    long[] a = nodes;
    if (balanced[g]) {
      return marginEightBalanced(g, x, offset, m, leaf, float32);
    }
    int t = 8 * g;
    int p0 = start[t];
    int p1 = start[t + 1];
    int p2 = start[t + 2];
    int p3 = start[t + 3];
    int p4 = start[t + 4];
    int p5 = start[t + 5];
    int p6 = start[t + 6];
    int p7 = start[t + 7];
    long n0 = a[p0];
    long n1 = a[p1];
    long n2 = a[p2];
    long n3 = a[p3];
    long n4 = a[p4];
    long n5 = a[p5];
    long n6 = a[p6];
    long n7 = a[p7];
    int k = mask;
    int b = bits;
    // until all eight stand on leaves (low word 0): as deep as this row's longest path
    while (((int) n0 | (int) n1 | (int) n2 | (int) n3 | (int) n4 | (int) n5 | (int) n6 | (int) n7)
        != 0) {
      p0 += step(n0, x, offset, k, b);
      p1 += step(n1, x, offset, k, b);
      p2 += step(n2, x, offset, k, b);
      p3 += step(n3, x, offset, k, b);
      p4 += step(n4, x, offset, k, b);
      p5 += step(n5, x, offset, k, b);
      p6 += step(n6, x, offset, k, b);
      p7 += step(n7, x, offset, k, b);
      n0 = a[p0];
      n1 = a[p1];
      n2 = a[p2];
      n3 = a[p3];
      n4 = a[p4];
      n5 = a[p5];
      n6 = a[p6];
      n7 = a[p7];
    }
    double l0 = leaf[leafAt(n0)];
    double l1 = leaf[leafAt(n1)];
    double l2 = leaf[leafAt(n2)];
    double l3 = leaf[leafAt(n3)];
    double l4 = leaf[leafAt(n4)];
    double l5 = leaf[leafAt(n5)];
    double l6 = leaf[leafAt(n6)];
    double l7 = leaf[leafAt(n7)];
    return addEight(m, l0, l1, l2, l3, l4, l5, l6, l7, float32);
  }

  /**
   * {@link #marginEight} for eight trees whose leaves lie about as deep as their deepest: a fixed
   * number of steps, the deepest path's, with no test of the data to end the loop.
   */
  private double marginEightBalanced(
      int g, float[] x, int offset, double m, double[] leaf, boolean float32) {
    long[] a = nodes;
    int t = 8 * g;
    int p0 = start[t];
    int p1 = start[t + 1];
    int p2 = start[t + 2];
    int p3 = start[t + 3];
    int p4 = start[t + 4];
    int p5 = start[t + 5];
    int p6 = start[t + 6];
    int p7 = start[t + 7];
    int k = mask;
    int b = bits;
    for (int level = depthEight[g]; level > 0; level--) {
      p0 += step(a[p0], x, offset, k, b);
      p1 += step(a[p1], x, offset, k, b);
      p2 += step(a[p2], x, offset, k, b);
      p3 += step(a[p3], x, offset, k, b);
      p4 += step(a[p4], x, offset, k, b);
      p5 += step(a[p5], x, offset, k, b);
      p6 += step(a[p6], x, offset, k, b);
      p7 += step(a[p7], x, offset, k, b);
    }
    double l0 = leaf[leafAt(a[p0])];
    double l1 = leaf[leafAt(a[p1])];
    double l2 = leaf[leafAt(a[p2])];
    double l3 = leaf[leafAt(a[p3])];
    double l4 = leaf[leafAt(a[p4])];
    double l5 = leaf[leafAt(a[p5])];
    double l6 = leaf[leafAt(a[p6])];
    double l7 = leaf[leafAt(a[p7])];
    return addEight(m, l0, l1, l2, l3, l4, l5, l6, l7, float32);
  }

  /** Eight leaves added to the margin in tree order, as the library sums them (see Ensemble). */
  private static double addEight(
      double m,
      double l0,
      double l1,
      double l2,
      double l3,
      double l4,
      double l5,
      double l6,
      double l7,
      boolean float32) {
    if (float32) {
      double s = (float) (m + l0);
      s = (float) (s + l1);
      s = (float) (s + l2);
      s = (float) (s + l3);
      s = (float) (s + l4);
      s = (float) (s + l5);
      s = (float) (s + l6);
      return (float) (s + l7);
    }
    return m + l0 + l1 + l2 + l3 + l4 + l5 + l6 + l7;
  }

  private static int leafAt(long node) {
    return (int) (node >>> 32) & ~NAN;
  }

  private static int step(long node, float[] x, int offset, int mask, int bits) {
    int low = (int) node;
    return x[offset + (low & mask)] <= Float.intBitsToFloat((int) (node >>> 32)) ? 1 : low >>> bits;
  }
}
