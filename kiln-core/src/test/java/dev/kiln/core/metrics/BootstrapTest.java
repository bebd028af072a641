package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The bootstrap's own properties, with data drawn from a seeded generator. */
class BootstrapTest {
  private static final Bootstrap BOOTSTRAP = Bootstrap.builder(42).build();

  @Test
  void theSameSeedGivesTheSameIntervalAndAnotherSeedAnother() {
    BinaryScores data = scores(2_000, 1);

    MetricValue first = BOOTSTRAP.estimate(Metrics.AUC_ROC, data);
    MetricValue again = Bootstrap.builder(42).build().estimate(Metrics.AUC_ROC, data);
    MetricValue other = Bootstrap.builder(43).build().estimate(Metrics.AUC_ROC, data);

    assertThat(again).isEqualTo(first);
    assertThat(other.value()).isEqualTo(first.value());
    assertThat(other.lower()).isNotEqualTo(first.lower());
    assertThat(first.resamples()).isEqualTo(Bootstrap.DEFAULT_RESAMPLES);
    assertThat(first.level()).isEqualTo(0.95);
  }

  @Test
  void drawsRowIndexesUniformlyWithinTheRange() {
    SplittableRandom random = new SplittableRandom(7);
    int n = 7; // not a power of two: a biased reduction would show
    long[] seen = new long[n];
    int draws = 700_000;
    for (int i = 0; i < draws; i++) {
      seen[Bootstrap.below(random, n)]++;
    }
    double chiSquare = 0;
    for (long s : seen) {
      double expected = (double) draws / n;
      chiSquare += (s - expected) * (s - expected) / expected;
    }
    // 99.9th percentile of chi-square with 6 degrees of freedom (scipy.stats.chi2.ppf(0.999, 6))
    assertThat(chiSquare).isLessThan(22.458);
    assertThat(Bootstrap.below(random, 1)).isZero();
  }

  @Test
  void metricsOfScoresAndOfHardPredictionsEstimatedTogetherEqualTheirSeparateEstimates() {
    BinaryScores data = scores(700, 5);
    ClassPredictions hard = data.predictions(0.5);

    List<MetricValue> together =
        BOOTSTRAP.estimateAll(
            List.of(
                Metrics.AUC_ROC.on(data),
                Metrics.ACCURACY.on(hard),
                Metrics.PR_AUC.on(data),
                Metrics.BRIER.on(data),
                Metrics.BALANCED_ACCURACY.on(hard),
                Metrics.f1(1).on(hard)));

    // AUC and PR-AUC share their group weights, the confusion metrics their matrix: the sharing
    // must not change a single value
    assertThat(together)
        .containsExactly(
            BOOTSTRAP.estimate(Metrics.AUC_ROC, data),
            BOOTSTRAP.estimate(Metrics.ACCURACY, hard),
            BOOTSTRAP.estimate(Metrics.PR_AUC, data),
            BOOTSTRAP.estimate(Metrics.BRIER, data),
            BOOTSTRAP.estimate(Metrics.BALANCED_ACCURACY, hard),
            BOOTSTRAP.estimate(Metrics.f1(1), hard));
  }

  @Test
  void rowsInScoreOrderHaveTheSameMetrics() {
    BinaryScores data = scores(2_000, 5);
    BinaryScores sorted = data.inScoreOrder();

    double[] s = sorted.scores();
    for (int i = 1; i < s.length; i++) {
      assertThat(s[i]).isGreaterThanOrEqualTo(s[i - 1]);
    }
    for (Metric<BinaryScores> metric : Metrics.binary()) {
      // the sums of the losses are taken in another order: equal to rounding
      assertThat(metric.compute(sorted))
          .as(metric.name())
          .isCloseTo(metric.compute(data), org.assertj.core.api.Assertions.within(1e-12));
    }
  }

  @Test
  void everyMetricIsGivenTheSameResamplesWhetherAskedForAloneOrTogether() {
    BinaryScores data = scores(500, 2);

    List<MetricValue> together = BOOTSTRAP.estimate(Metrics.binary(), data);

    for (int m = 0; m < together.size(); m++) {
      assertThat(BOOTSTRAP.estimate(Metrics.binary().get(m), data)).isEqualTo(together.get(m));
    }
  }

  @Test
  void intervalContainsThePointEstimateForEveryMetric() {
    BinaryScores binary = scores(1_000, 3);
    RegressionPredictions regression = regression(1_000, 3);

    List<MetricValue> values =
        new java.util.ArrayList<>(BOOTSTRAP.estimate(Metrics.binary(), binary));
    values.addAll(BOOTSTRAP.estimate(Metrics.classification(2), binary.predictions(0.5)));
    values.addAll(BOOTSTRAP.estimate(Metrics.regression(), regression));

    assertThat(values)
        .hasSize(4 + 17 + 4)
        .allSatisfy(
            v -> {
              assertThat(v.lower()).as(v.name()).isLessThanOrEqualTo(v.value());
              assertThat(v.upper()).as(v.name()).isGreaterThanOrEqualTo(v.value());
              assertThat(v.upper()).as(v.name()).isGreaterThan(v.lower());
              assertThat(v.skipped()).as(v.name()).isZero();
            });
  }

  @Test
  void intervalWidthShrinksRoughlyWithOneOverTheSquareRootOfTheRows() {
    double small = width(BOOTSTRAP.estimate(Metrics.AUC_ROC, scores(1_000, 4)));
    double large = width(BOOTSTRAP.estimate(Metrics.AUC_ROC, scores(16_000, 4)));
    double rmseSmall = width(BOOTSTRAP.estimate(Metrics.RMSE, regression(1_000, 4)));
    double rmseLarge = width(BOOTSTRAP.estimate(Metrics.RMSE, regression(16_000, 4)));

    // 16x the rows: a quarter of the width, give or take the bootstrap's own noise
    assertThat(large / small).isBetween(0.18, 0.34);
    assertThat(rmseLarge / rmseSmall).isBetween(0.18, 0.34);
  }

  @Test
  void aLowerLevelGivesANarrowerIntervalInsideTheWiderOne() {
    BinaryScores data = scores(1_000, 5);

    MetricValue wide = BOOTSTRAP.estimate(Metrics.LOG_LOSS, data);
    MetricValue narrow = Bootstrap.builder(42).level(0.8).build().estimate(Metrics.LOG_LOSS, data);

    assertThat(narrow.lower()).isGreaterThan(wide.lower());
    assertThat(narrow.upper()).isLessThan(wide.upper());
  }

  @Test
  void everyResampleUndefinedGivesNoBoundsAndCountsThemAllSkipped() {
    BinaryScores data = BinaryScores.of(new int[] {0, 1}, new double[] {0.2, 0.7});
    int[][] onlyTheFirstRow = {{0, 0}, {0, 0}, {0, 0}};

    MetricValue value =
        Bootstrap.estimate(
                List.of(Metrics.AUC_ROC), data, Bootstrap.fromIndexes(onlyTheFirstRow), 3, 0.95)
            .get(0);

    assertThat(value.value()).isEqualTo(1.0);
    assertThat(value.lower()).isNaN();
    assertThat(value.upper()).isNaN();
    assertThat(value.skipped()).isEqualTo(3);
  }

  @Test
  void aModelComparedWithItselfDiffersByExactlyZeroWithinTheNoise() {
    BinaryScores data = scores(1_000, 6);

    PairedDifference d = BOOTSTRAP.compare(Metrics.AUC_ROC, data, data);

    assertThat(d.difference()).isZero();
    assertThat(d.lower()).isZero();
    assertThat(d.upper()).isZero();
    assertThat(d.largerThanNoise()).isFalse();
  }

  @Test
  void aClearlyBetterModelIsLargerThanTheNoiseAndACloseOneIsNot() {
    BinaryScores good = scores(2_000, 7);
    SplittableRandom random = new SplittableRandom(8);
    double[] noisy = good.scores();
    double[] almost = good.scores();
    for (int i = 0; i < noisy.length; i++) {
      noisy[i] = 0.5 * noisy[i] + 0.5 * random.nextDouble();
      almost[i] = Math.min(1, Math.max(0, almost[i] + 0.02 * random.nextGaussian()));
    }

    PairedDifference clear =
        BOOTSTRAP.compare(Metrics.AUC_ROC, good, BinaryScores.of(good.labels(), noisy));
    PairedDifference close =
        BOOTSTRAP.compare(Metrics.AUC_ROC, good, BinaryScores.of(good.labels(), almost));

    assertThat(clear.difference()).isPositive();
    assertThat(clear.lower()).isPositive();
    assertThat(clear.largerThanNoise()).isTrue();
    assertThat(close.largerThanNoise()).isFalse();
    assertThat(close.toString()).endsWith(", within the noise");
  }

  @Test
  void pairedIntervalIsNarrowerThanTheIntervalOfEitherModel() {
    BinaryScores a = scores(2_000, 9);
    SplittableRandom random = new SplittableRandom(10);
    double[] other = a.scores();
    for (int i = 0; i < other.length; i++) {
      other[i] = Math.min(1, Math.max(0, other[i] + 0.05 * random.nextGaussian()));
    }
    BinaryScores b = BinaryScores.of(a.labels(), other);

    PairedDifference d = BOOTSTRAP.compare(Metrics.AUC_ROC, a, b);

    assertThat(d.upper() - d.lower()).isLessThan(width(BOOTSTRAP.estimate(Metrics.AUC_ROC, a)) / 2);
  }

  @Test
  void aThousandResamplesOfAucOnTwoHundredThousandRowsGiveANarrowInterval() {
    BinaryScores data = scores(200_000, 11);

    MetricValue value = BOOTSTRAP.estimate(Metrics.AUC_ROC, data);

    assertThat(value.upper() - value.lower()).isBetween(0.001, 0.02);
    assertThat(value.skipped()).isZero();
  }

  private static double width(MetricValue v) {
    return v.upper() - v.lower();
  }

  /** Labels with a 30% base rate; scores informative but noisy, a quarter of them tied. */
  static BinaryScores scores(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] labels = new int[rows];
    double[] scores = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = random.nextDouble() < 0.3 ? 1 : 0;
      double s = 1 / (1 + Math.exp(-(labels[i] * 1.2 - 0.8 + random.nextGaussian())));
      scores[i] = i % 4 == 0 ? Math.round(s * 20) / 20.0 : s;
    }
    return BinaryScores.of(labels, scores);
  }

  static RegressionPredictions regression(int rows, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] y = new double[rows];
    double[] p = new double[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = 10 + 3 * random.nextGaussian();
      p[i] = y[i] + random.nextGaussian();
    }
    return RegressionPredictions.of(y, p);
  }
}
