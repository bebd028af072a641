package dev.kiln.learn.trees;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The packed trees (float thresholds, one long per node) send every value where the libraries'
 * double comparison sends it: at, just above and just below each threshold, for thresholds that are
 * not floats, beyond the float range, ±0, and in LightGBM's zero band; trees whose offsets do not
 * fit fall back to the unpacked walk.
 */
class PackedTreesTest {
  /** LightGBM's kZeroThreshold, 1e-35f. */
  private static final float Z = 1e-35f;

  private static final double[] THRESHOLDS = {
    0.1,
    -0.1,
    0.5,
    1.0 / 3,
    0.0,
    -0.0,
    1e-40,
    -1e-40,
    1e-50,
    -1e-50,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    Math.nextUp((double) Float.MAX_VALUE),
    Math.nextDown((double) -Float.MAX_VALUE),
    1e300,
    -1e300,
    Double.MAX_VALUE,
    -Double.MAX_VALUE,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    Z,
    -Z,
    Math.nextDown((double) Z),
    Math.nextUp((double) -Z),
    1e-36,
    -1e-36,
    Math.nextUp((double) Z),
    Math.nextDown((double) -Z),
  };

  /** Every float at or next to a threshold (as a float, either rounding) or otherwise special. */
  private static List<Float> probes() {
    List<Float> out = new ArrayList<>();
    for (double t : THRESHOLDS) {
      float f = (float) t;
      for (float v : new float[] {f, Packed.floatDown(t), Math.nextUp(f), Math.nextDown(f)}) {
        out.add(v);
        out.add(Math.nextUp(v));
        out.add(Math.nextDown(v));
      }
    }
    for (float v :
        new float[] {
          0f,
          -0f,
          Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY,
          Float.MIN_VALUE,
          -Float.MIN_VALUE,
          1e-36f,
          -1e-36f,
          1f,
          -1f
        }) {
      out.add(v);
    }
    return out;
  }

  /** The libraries' rule on doubles; LightGBM first reads |x| <= 1e-35f as 0. */
  private static boolean goesLeft(float x, double t, boolean zeroSmall) {
    double v = x;
    if (zeroSmall && Math.abs(v) <= Z) {
      v = 0;
    }
    return v <= t;
  }

  /**
   * {@code trees} trees splitting feature 0, tree i on threshold {@code i + shift}; tree i's left
   * leaf is 2^(i % 40) and its right leaf 0, so the margin says which way each went. An unbalanced
   * tree's right child is a chain of {@code chain} splits on feature 1 (always right for the rows
   * here), so eight such trees end at different depths.
   */
  private static Ensemble ensemble(boolean zeroSmall, int chain, int trees, int shift) {
    EnsembleBuilder b = new EnsembleBuilder();
    b.zeroSmall = zeroSmall;
    for (int i = 0; i < trees; i++) {
      int nodes = 1 + chain;
      int[] feature = new int[nodes];
      double[] threshold = new double[nodes];
      int[] left = new int[nodes];
      int[] right = new int[nodes];
      double[] leaves = new double[nodes + 1];
      threshold[0] = THRESHOLDS[(i + shift) % THRESHOLDS.length];
      left[0] = ~0;
      leaves[0] = Math.scalb(1.0, i % 40);
      right[0] = chain > 0 ? 1 : ~1;
      for (int n = 1; n <= chain; n++) {
        feature[n] = 1;
        threshold[n] = -1;
        left[n] = ~n;
        right[n] = n < chain ? n + 1 : ~(n + 1);
      }
      b.tree(0, feature, threshold, left, right, new byte[nodes], leaves);
    }
    Ensemble e = b.build();
    assertThat(e.packed()).isTrue();
    return e;
  }

  private static void agreesWithTheDoubleRule(boolean zeroSmall) {
    // all thresholds: eight-tree groups then a remainder walked one at a time; each threshold
    // alone (walked one at a time); the last eight together; balanced trees (single splits) and
    // unbalanced ones (a chain on the right, so a group's walks end at different depths)
    List<int[]> cases = new ArrayList<>();
    cases.add(new int[] {THRESHOLDS.length, 0});
    cases.add(new int[] {8, THRESHOLDS.length - 8});
    for (int s = 0; s < THRESHOLDS.length; s++) {
      cases.add(new int[] {1, s});
    }
    for (int chain : new int[] {0, 3}) {
      for (int[] c : cases) {
        int trees = c[0];
        int shift = c[1];
        Ensemble e = ensemble(zeroSmall, chain, trees, shift);
        List<Float> probes = probes();
        float[] rows = new float[2 * probes.size()];
        double[] out = new double[1];
        for (int r = 0; r < probes.size(); r++) {
          float x = probes.get(r);
          rows[2 * r] = x;
          rows[2 * r + 1] = 1f;
          double expected = 0;
          for (int i = 0; i < trees; i++) {
            expected +=
                goesLeft(x, THRESHOLDS[(i + shift) % THRESHOLDS.length], zeroSmall)
                    ? Math.scalb(1.0, i % 40)
                    : 0;
          }
          e.margins(rows, 2 * r, out, 0);
          assertThat(out[0])
              .as("x=%s (%08x), %d trees from %d, chain %d", x, bits(x), trees, shift, chain)
              .isEqualTo(expected);
        }
        assertThat(e.predict(rows, probes.size(), 2))
            .isEqualTo(e.predictRowByRow(rows, probes.size(), 2));
      }
    }
  }

  private static int bits(float x) {
    return Float.floatToRawIntBits(x);
  }

  @Test
  void floatThresholdsSendEveryValueWhereTheDoubleComparisonSendsIt() {
    agreesWithTheDoubleRule(false);
  }

  @Test
  void lightGbmsZeroBandIsHonouredByTheFloatThresholds() {
    agreesWithTheDoubleRule(true);
  }

  @Test
  void floatDownIsTheLargestFloatNotAboveTheThreshold() {
    for (double t : THRESHOLDS) {
      float f = Packed.floatDown(t);
      assertThat((double) f).as("%s", t).isLessThanOrEqualTo(t);
      if (f != Float.POSITIVE_INFINITY) {
        assertThat((double) Math.nextUp(f)).as("%s", t).isGreaterThan(t);
      }
    }
    assertThat(Packed.floatDown(1e300)).isEqualTo(Float.MAX_VALUE);
    assertThat(Packed.floatDown(-1e300)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Packed.floatDown(-1e-50)).isEqualTo(-Float.MIN_VALUE);
    assertThat(Packed.floatDown(Double.NaN)).isNaN();
  }

  /**
   * A chain of {@code depth} splits going left on feature 0 (node i: x0 <= depth - i), each right
   * child a leaf of value i; the root splits on feature {@code wide} (always left).
   */
  private static Ensemble chain(int depth, int wide) {
    EnsembleBuilder b = new EnsembleBuilder();
    int nodes = depth + 1;
    int[] feature = new int[nodes];
    double[] threshold = new double[nodes];
    int[] left = new int[nodes];
    int[] right = new int[nodes];
    double[] leaves = new double[nodes + 1];
    feature[0] = wide;
    threshold[0] = 1e9;
    left[0] = 1;
    right[0] = ~0;
    leaves[0] = -2;
    for (int n = 1; n < nodes; n++) {
      threshold[n] = depth - n;
      left[n] = n + 1 < nodes ? n + 1 : ~nodes;
      right[n] = ~n;
      leaves[n] = n;
    }
    leaves[nodes] = -1;
    b.tree(0, feature, threshold, left, right, new byte[nodes], leaves);
    return b.build();
  }

  @Test
  void aTreeWhoseRightOffsetsDoNotFitTheLongIsWalkedUnpacked() {
    // 2^20 features leave 10 bits for offsets (up to 1023); the root's right child is 1201 away
    int wide = (1 << 20) - 1;
    Ensemble unpacked = chain(600, wide);
    assertThat(unpacked.packed()).isFalse();
    // the same tree with 2^10 features leaves 20 bits
    Ensemble packed = chain(600, (1 << 10) - 1);
    assertThat(packed.packed()).isTrue();
    float[] row = new float[wide + 1];
    double[] out = new double[1];
    double[] outPacked = new double[1];
    for (int v = -3; v <= 603; v += 7) {
      row[0] = v + 0.5f;
      int expected = -1;
      for (int n = 1; n <= 600; n++) {
        if (!(row[0] <= 600 - n)) {
          expected = n;
          break;
        }
      }
      unpacked.margins(row, 0, out, 0);
      packed.margins(row, 0, outPacked, 0);
      assertThat(out[0]).as("x0=%s", row[0]).isEqualTo(expected);
      assertThat(outPacked[0]).as("x0=%s", row[0]).isEqualTo(expected);
      assertThat(unpacked.predict(row, 1, row.length))
          .isEqualTo(unpacked.predictRowByRow(row, 1, row.length))
          .containsExactly(expected);
    }
  }

  @Test
  void moreLeavesThanTheNanPayloadHoldsAreNotPacked() {
    int trees = Packed.MAX_LEAVES + 1;
    int[] roots = new int[trees];
    for (int t = 0; t < trees; t++) {
      roots[t] = ~t;
    }
    int[] none = new int[0];
    assertThat(Packed.of(roots, none, new float[0], none, none, new boolean[0], 0)).isNull();
  }

  @Test
  void treesOfSingleLeavesAddTheirLeavesWithoutReadingTheRow() {
    EnsembleBuilder b = new EnsembleBuilder();
    double expected = 0;
    for (int t = 0; t < 9; t++) {
      b.tree(0, new int[0], new double[0], new int[0], new int[0], new byte[0], new double[] {t});
      expected += t;
    }
    Ensemble e = b.build();
    assertThat(e.packed()).isTrue();
    double[] out = new double[1];
    e.margins(new float[0], 0, out, 0);
    assertThat(out[0]).isEqualTo(expected);
  }
}
