package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A metric evaluated from resample counts equals the same metric computed on the resample written
 * out row by row, and AUC-ROC equals its definition counted pair by pair; checked on many small
 * random datasets with heavy ties.
 */
class ResampleCountsTest {
  @Test
  void everyMetricFromCountsEqualsTheMetricOfTheMaterialisedResample() {
    SplittableRandom random = new SplittableRandom(99);
    int checked = 0;
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + random.nextInt(30);
      int[] labels = new int[n];
      double[] scores = new double[n];
      double[] y = new double[n];
      double[] p = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(2);
        scores[i] = random.nextInt(6) / 5.0;
        y[i] = random.nextInt(5) - 2;
        p[i] = random.nextGaussian();
      }
      int[] counts = new int[n];
      int[] drawn = new int[n];
      for (int i = 0; i < n; i++) {
        drawn[i] = random.nextInt(n);
        counts[drawn[i]]++;
      }
      BinaryScores all = BinaryScores.of(labels, scores);
      BinaryScores resample = BinaryScores.of(take(labels, drawn), take(scores, drawn));
      for (Metric<BinaryScores> m : Metrics.binary()) {
        checked += agree(m, all, counts, resample);
      }
      for (Metric<ClassPredictions> m : Metrics.classification(2)) {
        checked += agree(m, all.predictions(0.5), counts, resample.predictions(0.5));
      }
      RegressionPredictions reg = RegressionPredictions.of(y, p);
      RegressionPredictions regResample = RegressionPredictions.of(take(y, drawn), take(p, drawn));
      for (Metric<RegressionPredictions> m : Metrics.regression()) {
        checked += agree(m, reg, counts, regResample);
      }
    }
    assertThat(checked).isGreaterThan(300 * 20);
  }

  @Test
  void aucRocIsTheShareOfPositiveNegativePairsRankedRightWithTiesCountingHalf() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 200; trial++) {
      int n = 2 + random.nextInt(40);
      int[] labels = new int[n];
      double[] scores = new double[n];
      for (int i = 0; i < n; i++) {
        labels[i] = random.nextInt(2);
        scores[i] = random.nextInt(8) / 7.0;
      }
      labels[0] = 0;
      labels[1] = 1;
      double pairs = 0;
      long total = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (labels[i] == 1 && labels[j] == 0) {
            total++;
            pairs += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
          }
        }
      }

      assertThat(Metrics.AUC_ROC.compute(BinaryScores.of(labels, scores)))
          .isCloseTo(pairs / total, org.assertj.core.data.Offset.offset(1e-15));
    }
  }

  @Test
  void negativeZeroAndZeroAreOneTiedScore() {
    BinaryScores data = BinaryScores.of(new int[] {0, 1, 0, 1}, new double[] {-0.0, 0.0, 0.0, 1});

    assertThat(Metrics.AUC_ROC.compute(data)).isEqualTo(0.75);
  }

  /**
   * 1 after checking that both agree; 0 when the metric is undefined on all rows or the resample.
   */
  private static <T extends Outcomes> int agree(Metric<T> metric, T all, int[] counts, T resample) {
    Statistic statistic;
    try {
      statistic = metric.prepare(all);
    } catch (dev.kiln.core.UserException undefined) {
      return 0;
    }
    double fromCounts = statistic.value(counts);
    double direct;
    try {
      direct = metric.compute(resample);
    } catch (dev.kiln.core.UserException undefined) {
      assertThat(fromCounts).as(metric.name() + " undefined on the resample").isNaN();
      return 0;
    }
    assertThat(fromCounts)
        .as(metric.name())
        .isCloseTo(
            direct, org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(direct))));
    return 1;
  }

  private static int[] take(int[] values, int[] rows) {
    int[] out = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }

  private static double[] take(double[] values, int[] rows) {
    double[] out = new double[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = values[rows[i]];
    }
    return out;
  }
}
