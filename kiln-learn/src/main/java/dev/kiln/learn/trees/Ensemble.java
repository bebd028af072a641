package dev.kiln.learn.trees;

import java.util.stream.IntStream;

/**
 * A gradient-boosted tree ensemble read from a LightGBM or XGBoost model file and evaluated in
 * Java. Immutable and thread-safe; predicting one row allocates nothing.
 *
 * <p>A prediction is laid out as Kiln's models lay theirs out: {@code 1 - p, p} for a binary
 * classifier, one probability per class for a multiclass one, the number for a regressor.
 */
public final class Ensemble {
  /*
   * Design. The nodes of every tree live in parallel primitive arrays indexed by one global node
   * number; a child that is a leaf is stored as ~leafIndex (negative), as LightGBM's own format
   * does, so walking a tree is a loop over ints and doubles with no object per node.
   *
   * Both libraries' split rules are brought to one test, "x <= threshold goes left" on doubles:
   * - LightGBM compares the feature as a double with "<=" (Tree::NumericalDecision in
   *   src/io/tree.h); NaN is read as 0 unless the node's missing type is NaN; a node whose
   *   missing type is Zero sends |x| <= 1e-35f the default way. Its dense-row reader turns any
   *   |x| <= 1e-35f into 0 before that (RowPairFunctionFromDenseMatric in c_api.cpp), which
   *   zeroSmall repeats.
   * - XGBoost compares floats with "x < split_condition" (GetDecision in
   *   src/predictor/predict_fn.h). For floats x and c, x < c exactly when x <= nextDown(c), and
   *   widening both to double keeps the order, so the reader stores nextDown(c). A missing (NaN)
   *   value goes the default way.
   * Margins are summed per class in tree order as the libraries do: in double for LightGBM
   * (GBDT::PredictRaw), in float starting from the base score for XGBoost (CPU predictor);
   * rounding the double sum of two floats to float is exactly float addition. The output
   * transforms repeat the libraries' own formulas (see finish()).
   *
   * A row without NaN (most rows) walks the same trees packed one long per node, with float
   * thresholds (Packed: exact, see there), eight trees at a time where no node needs the careful
   * test; a row with NaN, or trees that do not fit the packing, walk the arrays above.
   *
   * The batch path walks a block of 64 rows tree by tree, so one tree stays in L1 while every row
   * of the block goes through it: trees up to depth 8 padded to complete trees, eight rows in
   * lockstep with no data-dependent branch (Complete); other trees, and rows with NaN, one row at a
   * time (packed when they pack; Lockstep when nothing packs). Large batches are split across the
   * common fork-join pool. Each row's sums are made in the same order either way, so a batch equals
   * its rows predicted one by one, bit for bit.
   */

  /** How raw margins become a prediction. */
  enum Link {
    /** Regression: the margin itself. */
    IDENTITY,
    /** Binary classification: the logistic function of the margin. */
    SIGMOID,
    /** Multiclass classification: softmax over the per-class margins. */
    SOFTMAX
  }

  static final byte DEFAULT_LEFT = 1;
  static final byte MISSING_ZERO = 2;
  static final byte MISSING_NAN = 4;

  /** LightGBM's kZeroThreshold (a float constant compared as a double). */
  static final double LIGHTGBM_ZERO = 1e-35f;

  /** Rows per block of the batch path (a block of margins stays in L1). */
  static final int BLOCK = 64;

  /** Rows per task when a batch is split across threads. */
  static final int CHUNK = 2048;

  private final int features;
  private final int groups;
  private final int[] roots;
  private final int[] group;
  private final int[] feature;
  private final double[] threshold;
  private final int[] left;
  private final int[] right;
  private final byte[] flags;
  private final double[] leaf;
  private final double[] base;
  private final Link link;
  private final double sigmoid;
  private final int average;
  private final boolean float32;
  private final boolean zeroSmall;
  private final int outputs;
  private final String description;
  private final boolean[] special;
  private final int[] kids;
  private final Lockstep lockstep;
  private final Packed packed;
  private final Complete complete;

  Ensemble(EnsembleBuilder b) {
    this.features = b.features;
    this.groups = b.groups;
    this.roots = b.roots.toArray();
    this.group = b.group.toArray();
    this.feature = b.feature.toArray();
    this.threshold = b.threshold.toArray();
    this.left = b.left.toArray();
    this.right = b.right.toArray();
    this.flags = b.flags.toArray();
    this.leaf = b.leaf.toArray();
    this.base = b.base.clone();
    this.link = b.link;
    this.sigmoid = b.sigmoid;
    this.average = b.average;
    this.float32 = b.float32;
    this.zeroSmall = b.zeroSmall;
    this.outputs = link == Link.SIGMOID ? 2 : groups;
    this.description = b.description;
    this.special = special();
    this.kids = kids();
    float[] floatThresholds = floatThresholds();
    this.packed = Packed.of(roots, feature, floatThresholds, left, right, careful(), features);
    this.complete = Complete.of(roots, feature, floatThresholds, left, right, careful(), leaf);
    // the batch path of trees that do not pack
    this.lockstep =
        packed == null
            ? new Lockstep(roots, feature, threshold, left, right, special, leaf.length)
            : null;
  }

  /**
   * Reads LightGBM's text model ({@code model.txt}).
   *
   * @throws Unsupported when the model uses something this evaluator does not implement
   * @throws dev.kiln.core.UserException when the text is not a well-formed model (names the line)
   */
  public static Ensemble lightGbm(String text) throws Unsupported {
    return LightGbmText.read(text);
  }

  /**
   * Reads XGBoost's JSON model (as {@code Booster.toByteArray("json")} writes it), keeping the
   * trees of the first {@code rounds} boosting rounds.
   *
   * @throws Unsupported when the model uses something this evaluator does not implement, or is not
   *     laid out as expected
   */
  public static Ensemble xgBoost(byte[] json, int rounds) throws Unsupported {
    return XgBoostJson.read(json, rounds);
  }

  /**
   * Reads XGBoost's UBJSON model file ({@code .ubj}, as {@code Booster.toByteArray("ubj")} writes
   * it) without the library, keeping the trees of the first {@code rounds} boosting rounds.
   *
   * @throws Unsupported when the model uses something this evaluator does not implement, or the
   *     bytes are not UBJSON laid out as expected
   */
  public static Ensemble xgBoostUbj(byte[] ubj, int rounds) throws Unsupported {
    return XgBoostJson.read(Ubjson.read(ubj), rounds);
  }

  /** Whether rows without NaN walk the packed trees ({@link Packed}); else they fit no long. */
  boolean packed() {
    return packed != null;
  }

  /** Features a row must have at least (the highest feature index used, plus one, or more). */
  public int features() {
    return features;
  }

  /** Numbers one prediction writes. */
  public int outputs() {
    return outputs;
  }

  /** Trees in the ensemble. */
  public int trees() {
    return roots.length;
  }

  /** Predicts the row {@code x[offset …]} into {@code out[at …]}; allocates nothing. */
  public void predict(float[] x, int offset, double[] out, int at) {
    if (groups == 1) {
      finish(margin(x, offset), out, at);
      return;
    }
    margins(x, offset, out, at);
    finishClasses(out, at);
  }

  /** Predicts {@code rows} rows given row-major with {@link #features()}-or-more columns. */
  public double[] predict(float[] x, int rows, int cols) {
    double[] out = new double[rows * outputs];
    if (rows >= 2 * CHUNK) {
      int chunks = (rows + CHUNK - 1) / CHUNK;
      IntStream.range(0, chunks)
          .parallel()
          .forEach(c -> block(x, cols, c * CHUNK, Math.min(rows, (c + 1) * CHUNK), out));
    } else {
      block(x, cols, 0, rows, out);
    }
    return out;
  }

  /** Predicts rows one at a time (the reference the batch path must equal; for benchmarks). */
  double[] predictRowByRow(float[] x, int rows, int cols) {
    double[] out = new double[rows * outputs];
    for (int i = 0; i < rows; i++) {
      predict(x, i * cols, out, i * outputs);
    }
    return out;
  }

  /** The raw per-class margins of one row (before the link), as the libraries' raw scores. */
  void margins(float[] x, int offset, double[] out, int at) {
    if (groups == 1) {
      out[at] = margin(x, offset);
      return;
    }
    for (int k = 0; k < groups; k++) {
      out[at + k] = base[k];
    }
    boolean clean = clean(x, offset);
    int[] g = group;
    for (int t = 0; t < roots.length; t++) {
      int i = at + g[t];
      out[i] = add(out[i], walk(t, x, offset, clean));
    }
    if (average > 0 && !float32) {
      for (int k = 0; k < groups; k++) {
        out[at + k] /= average;
      }
    }
  }

  private double margin(float[] x, int offset) {
    double m = base[0];
    boolean clean = clean(x, offset);
    int t = 0;
    if (clean && packed != null) {
      // eight trees at a time where they allow it (Packed.marginEight): the same sum
      for (; t + 8 <= roots.length; t += 8) {
        if (packed.plainEight(t / 8)) {
          m = packed.marginEight(t / 8, x, offset, m, leaf, float32);
        } else {
          for (int u = t; u < t + 8; u++) {
            m = add(m, packed.leaf(u, x, offset, this));
          }
        }
      }
    }
    for (; t < roots.length; t++) {
      m = add(m, walk(t, x, offset, clean));
    }
    return average > 0 && !float32 ? m / average : m;
  }

  /** The margin plus a leaf's value: in float for XGBoost, in double for LightGBM. */
  private double add(double m, int leafIndex) {
    return float32 ? (float) (m + leaf[leafIndex]) : m + leaf[leafIndex];
  }

  /** The leaf index a row reaches in tree t. */
  private int walk(int tree, float[] x, int offset, boolean clean) {
    if (clean && packed != null) {
      return packed.leaf(tree, x, offset, this);
    }
    int n = roots[tree];
    if (clean) {
      // no NaN in the row: one comparison per ordinary node, the child picked by index
      int[] f = feature;
      double[] t = threshold;
      int[] k = kids;
      boolean[] slow = special;
      while (n >= 0) {
        double v = x[offset + f[n]];
        n = slow[n] ? next(n, v) : k[(n << 1) + (v <= t[n] ? 0 : 1)];
      }
      return ~n;
    }
    while (n >= 0) {
      n = next(n, x[offset + feature[n]]);
    }
    return ~n;
  }

  /** True when the row's first {@link #features} values hold no NaN. */
  private boolean clean(float[] x, int offset) {
    for (int j = offset, end = offset + features; j < end; j++) {
      if (Float.isNaN(x[j])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Nodes the fast test "x <= threshold" cannot decide alone: a zero-as-missing rule, or (LightGBM)
   * a threshold inside the band of values LightGBM reads as zero ([-1e-35, 1e-35)). Elsewhere a
   * tiny value compares with the threshold as zero would.
   */
  private boolean[] special() {
    boolean[] out = new boolean[feature.length];
    for (int n = 0; n < out.length; n++) {
      out[n] =
          (flags[n] & MISSING_ZERO) != 0
              || (zeroSmall && threshold[n] >= -LIGHTGBM_ZERO && threshold[n] < LIGHTGBM_ZERO);
    }
    return out;
  }

  /**
   * Nodes the float test of {@link Packed} cannot decide alone, on rows without NaN: those with a
   * zero-as-missing rule.
   */
  private boolean[] careful() {
    boolean[] out = new boolean[feature.length];
    for (int n = 0; n < out.length; n++) {
      out[n] = (flags[n] & MISSING_ZERO) != 0;
    }
    return out;
  }

  /**
   * For each node, the float c with "x <= c" sending every float x but NaN the way the careful test
   * sends it, for nodes without a zero-as-missing rule. That is {@link Packed#floatDown} of the
   * threshold, except that for a LightGBM threshold t in the zero band [-z, z) a value in the band
   * counts as 0, so x goes left when x <= z (t >= 0) or when x < -z (t < 0).
   */
  private float[] floatThresholds() {
    float[] out = new float[feature.length];
    float z = (float) LIGHTGBM_ZERO;
    for (int n = 0; n < out.length; n++) {
      double t = threshold[n];
      if (zeroSmall && t >= -LIGHTGBM_ZERO && t < LIGHTGBM_ZERO) {
        out[n] = t >= 0 ? z : Math.nextDown(-z);
      } else {
        out[n] = Packed.floatDown(t);
      }
    }
    return out;
  }

  /** Left and right child of node n at 2n and 2n + 1. */
  private int[] kids() {
    int[] out = new int[2 * feature.length];
    for (int n = 0; n < feature.length; n++) {
      out[2 * n] = left[n];
      out[2 * n + 1] = right[n];
    }
    return out;
  }

  private int next(int n, double value) {
    return goesLeft(n, value) ? left[n] : right[n];
  }

  /** The feature node n splits on. */
  int feature(int n) {
    return feature[n];
  }

  /** Whether the value goes to node n's left child, by the library's own rules. */
  boolean goesLeft(int n, double value) {
    double v = value;
    int f = flags[n];
    if (zeroSmall && v >= -LIGHTGBM_ZERO && v <= LIGHTGBM_ZERO) {
      v = 0.0;
    }
    if (Double.isNaN(v)) {
      if ((f & MISSING_NAN) != 0) {
        return (f & DEFAULT_LEFT) != 0;
      }
      v = 0.0;
    }
    if ((f & MISSING_ZERO) != 0 && v == 0.0) {
      return (f & DEFAULT_LEFT) != 0;
    }
    return v <= threshold[n];
  }

  private void block(float[] x, int cols, int from, int to, double[] out) {
    if (complete != null) {
      blockComplete(x, cols, from, to, out);
      return;
    }
    if (packed != null) {
      // a packed row walks eight trees at once: faster than a block of rows tree by tree
      for (int r = from; r < to; r++) {
        predict(x, r * cols, out, r * outputs);
      }
      return;
    }
    double[] m = new double[BLOCK * groups];
    boolean[] clean = new boolean[BLOCK];
    int[] reached = new int[BLOCK];
    for (int start = from; start < to; start += BLOCK) {
      int rows = Math.min(BLOCK, to - start);
      for (int r = 0; r < rows; r++) {
        clean[r] = clean(x, (start + r) * cols);
      }
      for (int r = 0; r < rows; r++) {
        System.arraycopy(base, 0, m, r * groups, groups);
      }
      for (int t = 0; t < roots.length; t++) {
        int root = roots[t];
        int g = group[t];
        boolean together = lockstep.plain(t);
        if (together) {
          lockstep.leaves(t, root, x, cols, start, rows, reached);
        }
        for (int r = 0; r < rows; r++) {
          int index = together && clean[r] ? reached[r] : walk(t, x, (start + r) * cols, clean[r]);
          int i = r * groups + g;
          m[i] = add(m[i], index);
        }
      }
      finishBlock(m, start, rows, out);
    }
  }

  /**
   * A block of rows through the shallow trees padded to complete trees ({@link Complete}), tree by
   * tree; rows with NaN, and trees that are not padded, walk one row at a time. Each row's leaves
   * are added in tree order, as the row path adds them.
   */
  private void blockComplete(float[] x, int cols, int from, int to, double[] out) {
    double[] m = new double[Complete.BLOCK * groups];
    boolean[] clean = new boolean[Complete.BLOCK];
    int[] keys = new int[Complete.BLOCK * cols];
    for (int start = from; start < to; start += Complete.BLOCK) {
      int rows = Math.min(Complete.BLOCK, to - start);
      boolean allClean = true;
      for (int r = 0; r < rows; r++) {
        clean[r] = clean(x, (start + r) * cols);
        allClean &= clean[r];
      }
      Complete.keys(x, start, rows, cols, keys);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(base, 0, m, r * groups, groups);
      }
      for (int t = 0; t < roots.length; t++) {
        int g = group[t];
        boolean padded = complete.has(t);
        if (padded) {
          complete.add(t, keys, rows, clean, m, groups, g, float32);
        }
        if (padded && allClean) {
          continue;
        }
        for (int r = 0; r < rows; r++) {
          if (!padded || !clean[r]) {
            int i = r * groups + g;
            m[i] = add(m[i], walk(t, x, (start + r) * cols, clean[r]));
          }
        }
      }
      finishBlock(m, start, rows, out);
    }
  }

  /** The margins of a block's rows ({@code m}, {@code groups} per row) to predictions. */
  private void finishBlock(double[] m, int start, int rows, double[] out) {
    for (int r = 0; r < rows; r++) {
      int at = (start + r) * outputs;
      if (groups == 1) {
        double margin = m[r];
        finish(average > 0 && !float32 ? margin / average : margin, out, at);
      } else {
        for (int k = 0; k < groups; k++) {
          double v = m[r * groups + k];
          out[at + k] = average > 0 && !float32 ? v / average : v;
        }
        finishClasses(out, at);
      }
    }
  }

  /** One margin to a prediction: LightGBM's BinaryLogloss::ConvertOutput, XGBoost's Sigmoid. */
  private void finish(double margin, double[] out, int at) {
    if (link == Link.IDENTITY) {
      out[at] = margin;
      return;
    }
    double p;
    if (float32) {
      // common::Sigmoid(float) in src/common/math.h: min(-x, 88.7f), expf, + 1.0f + 1e-16f
      float e = Math.min(-(float) margin, 88.7f);
      float denom = expf(e) + 1.0f + 1e-16f;
      p = 1.0f / denom;
    } else {
      p = 1.0 / (1.0 + Math.exp(-sigmoid * margin));
    }
    out[at] = 1 - p;
    out[at + 1] = p;
  }

  /** Softmax in place: LightGBM's Common::Softmax (double), XGBoost's common::Softmax (float). */
  private void finishClasses(double[] out, int at) {
    if (link != Link.SOFTMAX) {
      return;
    }
    if (float32) {
      float wmax = (float) out[at];
      for (int k = 1; k < groups; k++) {
        wmax = Math.max((float) out[at + k], wmax);
      }
      double wsum = 0;
      for (int k = 0; k < groups; k++) {
        float e = expf((float) out[at + k] - wmax);
        out[at + k] = e;
        wsum += e;
      }
      float sum = (float) wsum;
      for (int k = 0; k < groups; k++) {
        out[at + k] = (float) out[at + k] / sum;
      }
      return;
    }
    double wmax = out[at];
    for (int k = 1; k < groups; k++) {
      wmax = Math.max(out[at + k], wmax);
    }
    double wsum = 0;
    for (int k = 0; k < groups; k++) {
      out[at + k] = Math.exp(out[at + k] - wmax);
      wsum += out[at + k];
    }
    for (int k = 0; k < groups; k++) {
      out[at + k] /= wsum;
    }
  }

  // C's expf: the double exponential rounded to float (glibc's expf is correctly rounded too)
  private static float expf(float x) {
    return (float) Math.exp(x);
  }

  @Override
  public String toString() {
    return description;
  }
}
