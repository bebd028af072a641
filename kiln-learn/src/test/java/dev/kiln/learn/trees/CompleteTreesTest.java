package dev.kiln.learn.trees;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The batch path's block walk over trees padded to complete trees ({@link Complete}) predicts every
 * row bit for bit as the row path does: random trees of mixed depths (some too deep to pad, some
 * with zero-as-missing nodes) on random rows holding NaN, ±0, ±∞, tiny values and values equal to
 * the thresholds.
 */
class CompleteTreesTest {
  private static final float[] SPECIAL = {
    Float.NaN,
    0f,
    -0f,
    Float.POSITIVE_INFINITY,
    Float.NEGATIVE_INFINITY,
    Float.MIN_VALUE,
    -Float.MIN_VALUE,
    Float.MAX_VALUE,
    -Float.MAX_VALUE,
    1e-35f,
    -1e-35f
  };

  private static final double[] SPECIAL_THRESHOLDS = {
    0.0,
    -0.0,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e-40,
    -1e-40,
    1e300,
    -1e300,
    1e-35f,
    -1e-35f,
    Double.NaN
  };

  /** A random tree under node {@code at} of the arrays, down to {@code depth} more levels. */
  private static final class TreeMaker {
    final Random random;
    final int features;
    final double[] thresholds;
    final boolean zeroAsMissing;
    int nodes;
    int leaves;
    final int[] feature = new int[1 << 11];
    final double[] threshold = new double[1 << 11];
    final int[] left = new int[1 << 11];
    final int[] right = new int[1 << 11];
    final byte[] flags = new byte[1 << 11];
    final double[] leaf = new double[1 << 12];

    TreeMaker(Random random, int features, double[] thresholds, boolean zeroAsMissing) {
      this.random = random;
      this.features = features;
      this.thresholds = thresholds;
      this.zeroAsMissing = zeroAsMissing;
    }

    /** Returns the node (or ~leaf) made. */
    int make(int depth) {
      if (depth == 0 || (nodes > 0 && random.nextInt(5) == 0)) {
        leaf[leaves] = (float) random.nextGaussian();
        return ~leaves++;
      }
      int n = nodes++;
      feature[n] = random.nextInt(features);
      threshold[n] = thresholds[random.nextInt(thresholds.length)];
      flags[n] = (byte) (random.nextBoolean() ? Ensemble.DEFAULT_LEFT : 0);
      flags[n] |= random.nextInt(4) == 0 ? Ensemble.MISSING_NAN : 0;
      if (zeroAsMissing && random.nextInt(10) == 0) {
        flags[n] |= Ensemble.MISSING_ZERO;
      }
      left[n] = make(depth - 1);
      right[n] = make(depth - 1);
      return n;
    }

    void addTo(EnsembleBuilder b, int group) {
      b.tree(
          group,
          java.util.Arrays.copyOf(feature, nodes),
          java.util.Arrays.copyOf(threshold, nodes),
          java.util.Arrays.copyOf(left, nodes),
          java.util.Arrays.copyOf(right, nodes),
          java.util.Arrays.copyOf(flags, nodes),
          java.util.Arrays.copyOf(leaf, leaves));
    }
  }

  private static Ensemble ensemble(
      Random random, int features, double[] thresholds, boolean lightGbm, int groups) {
    EnsembleBuilder b = new EnsembleBuilder();
    b.float32 = !lightGbm;
    b.zeroSmall = lightGbm;
    b.groups = groups;
    b.base = new double[groups];
    b.link = groups > 1 ? Ensemble.Link.SOFTMAX : Ensemble.Link.SIGMOID;
    int trees = 1 + random.nextInt(40);
    for (int t = 0; t < trees; t++) {
      TreeMaker m = new TreeMaker(random, features, thresholds, lightGbm);
      // mostly shallow enough to pad, some deeper than Complete.MAX_DEPTH
      m.make(random.nextInt(8) == 0 ? 10 : random.nextInt(7));
      m.addTo(b, t % groups);
    }
    b.features = Math.max(b.features, features);
    return b.build();
  }

  private static float value(Random random, float[] fromThresholds) {
    switch (random.nextInt(4)) {
      case 0:
        return SPECIAL[random.nextInt(SPECIAL.length)];
      case 1:
        {
          float f = fromThresholds[random.nextInt(fromThresholds.length)];
          int step = random.nextInt(3) - 1;
          return step == 0 ? f : step > 0 ? Math.nextUp(f) : Math.nextDown(f);
        }
      default:
        return (float) random.nextGaussian();
    }
  }

  @Test
  void blockWalkPredictsEveryRowAsTheRowWalkDoes() {
    Random random = new Random(20261206);
    for (int round = 0; round < 300; round++) {
      int features = 1 + random.nextInt(12);
      double[] thresholds = new double[8 + SPECIAL_THRESHOLDS.length];
      float[] asFloats = new float[thresholds.length];
      for (int i = 0; i < thresholds.length; i++) {
        // every third round adds the special thresholds (NaN, ±∞, ±0, tiny, beyond floats)
        thresholds[i] = i < 8 || round % 3 != 0 ? random.nextGaussian() : SPECIAL_THRESHOLDS[i - 8];
        if (i < 8 && random.nextBoolean()) {
          thresholds[i] = (float) thresholds[i]; // a float threshold, as XGBoost's
        }
        asFloats[i] = (float) thresholds[i];
      }
      boolean lightGbm = random.nextBoolean();
      int groups = random.nextInt(3) == 0 ? 3 : 1;
      Ensemble e = ensemble(random, features, thresholds, lightGbm, groups);
      int cols = features + random.nextInt(3);
      int rows = 1 + random.nextInt(150);
      float[] x = new float[rows * cols];
      boolean someClean = random.nextBoolean();
      for (int i = 0; i < x.length; i++) {
        x[i] = value(random, asFloats);
        if (someClean && Float.isNaN(x[i]) && random.nextInt(4) > 0) {
          x[i] = 0.5f;
        }
      }
      assertThat(e.predict(x, rows, cols))
          .as("round %d: %s, %d groups", round, lightGbm ? "LightGBM" : "XGBoost", groups)
          .isEqualTo(e.predictRowByRow(x, rows, cols));
    }
  }

  @Test
  void keysOrderFloatsAsTheComparisonDoes() {
    float[] probes = {
      Float.NEGATIVE_INFINITY,
      -Float.MAX_VALUE,
      -1f,
      -Float.MIN_NORMAL,
      -Float.MIN_VALUE,
      0f,
      Float.MIN_VALUE,
      Float.MIN_NORMAL,
      1f,
      Float.MAX_VALUE,
      Float.POSITIVE_INFINITY
    };
    for (int i = 0; i < probes.length; i++) {
      for (int j = 0; j < probes.length; j++) {
        assertThat(Complete.key(probes[i]) <= Complete.key(probes[j]))
            .as("%s <= %s", probes[i], probes[j])
            .isEqualTo(probes[i] <= probes[j]);
      }
    }
    assertThat(Complete.key(-0f)).isLessThan(Complete.key(0f));
  }

  @Test
  void aTreeOfOneLeafAndAPaddedShallowLeafAddTheirValues() {
    EnsembleBuilder b = new EnsembleBuilder();
    b.tree(0, new int[0], new double[0], new int[0], new int[0], new byte[0], new double[] {1});
    // x0 <= 0 goes to a leaf (value 2) at depth 1; else x1 <= 0 picks 4 or 8 at depth 2
    b.tree(
        0,
        new int[] {0, 1},
        new double[] {0, 0},
        new int[] {~0, ~1},
        new int[] {1, ~2},
        new byte[2],
        new double[] {2, 4, 8});
    Ensemble e = b.build();
    float[] x = {-1, -1, -1, 1, 1, -1, 1, 1, -0f, 5, 0f, 5};
    double[] margins = e.predict(x, 6, 2);
    assertThat(margins).containsExactly(3, 3, 5, 9, 3, 3);
  }
}
