package dev.kiln.core.metrics;

import dev.kiln.core.UserException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap confidence intervals for metrics (Efron and Tibshirani, An Introduction to
 * the Bootstrap, 1993, ch. 13). Each resample draws n rows from the n rows with replacement; the
 * metric is evaluated on every resample; the interval is the (1 - level)/2 and (1 + level)/2
 * percentiles of those values, interpolated linearly as numpy's default {@code percentile}. A
 * resample on which the metric is undefined is skipped and counted.
 *
 * <p>Resample b is drawn from its own {@link SplittableRandom}, seeded by the b-th number of a
 * generator seeded by the caller, so resamples depend only on the seed and the number of rows (not
 * on which thread draws them): the same seed gives the same resamples to every metric, and {@link
 * #compare} gives both models the same resamples (a paired bootstrap). A resample is held as counts
 * (how often each row was drawn), so a metric that sorts sorts once, not once per resample.
 * Resamples are spread over the available cores in contiguous blocks.
 */
public final class Bootstrap {
  public static final int DEFAULT_RESAMPLES = 1000;
  public static final double DEFAULT_LEVEL = 0.95;

  private final long seed;
  private final int resamples;
  private final double level;

  private Bootstrap(Builder builder) {
    this.seed = builder.seed;
    this.resamples = builder.resamples;
    this.level = builder.level;
  }

  /** A bootstrap drawing its resamples from {@code seed}. */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** Configuration: the number of resamples (default 1000) and the level (default 0.95). */
  public static final class Builder {
    private final long seed;
    private int resamples = DEFAULT_RESAMPLES;
    private double level = DEFAULT_LEVEL;

    private Builder(long seed) {
      this.seed = seed;
    }

    public Builder resamples(int resamples) {
      UserException.require(resamples >= 1, "resamples must be at least 1 but was %d", resamples);
      this.resamples = resamples;
      return this;
    }

    public Builder level(double level) {
      UserException.require(
          level > 0 && level < 1, "level must be between 0 and 1 (e.g. 0.95) but was %s", level);
      this.level = level;
      return this;
    }

    public Bootstrap build() {
      return new Bootstrap(this);
    }
  }

  public long seed() {
    return seed;
  }

  public int resamples() {
    return resamples;
  }

  public double level() {
    return level;
  }

  /** The metric on {@code data} with its confidence interval. */
  public <T extends Outcomes> MetricValue estimate(Metric<T> metric, T data) {
    return estimate(List.of(metric), data).get(0);
  }

  /** Several metrics on the same resamples of {@code data} (faster than one at a time). */
  public <T extends Outcomes> List<MetricValue> estimate(
      List<? extends Metric<T>> metrics, T data) {
    return estimate(metrics, data, seeded(data.rows()), resamples, level);
  }

  /**
   * Metrics on different outcomes of the same rows (scores and the hard predictions made from them,
   * say) on one set of resamples: drawn once, so cheaper than one {@link #estimate} per kind.
   */
  public List<MetricValue> estimateAll(List<Metric.Bound> bound) {
    UserException.require(!bound.isEmpty(), "estimateAll needs at least one metric");
    int rows = bound.get(0).data().rows();
    for (Metric.Bound b : bound) {
      UserException.require(
          b.data().rows() == rows,
          "metrics estimated together need the same rows, but %s has %d and %s %d",
          bound.get(0).name(),
          rows,
          b.name(),
          b.data().rows());
    }
    Statistic[] statistics = new Statistic[bound.size()];
    List<String> names = new ArrayList<>();
    for (int m = 0; m < statistics.length; m++) {
      statistics[m] = bound.get(m).prepare();
      names.add(bound.get(m).name());
    }
    return estimate(names, statistics, rows, seeded(rows), resamples, level);
  }

  /**
   * {@code metric(first) - metric(second)} with a paired confidence interval: {@code first} and
   * {@code second} are two models' outcomes on the same rows (same labels, in the same order).
   */
  public <T extends Outcomes> PairedDifference compare(Metric<T> metric, T first, T second) {
    return compare(List.of(metric), first, second).get(0);
  }

  /** {@link #compare} for several metrics on the same resamples. */
  public <T extends Outcomes> List<PairedDifference> compare(
      List<? extends Metric<T>> metrics, T first, T second) {
    return compare(metrics, first, second, seeded(first.rows()), resamples, level);
  }

  /** Fills {@code counts} with resample {@code b}; thread-safe, any order. */
  interface Resampler {
    void draw(int b, int[] counts);
  }

  private Resampler seeded(int rows) {
    SplittableRandom root = new SplittableRandom(seed);
    long[] seeds = new long[resamples];
    for (int b = 0; b < resamples; b++) {
      seeds[b] = root.nextLong();
    }
    return (b, counts) -> {
      SplittableRandom random = new SplittableRandom(seeds[b]);
      Arrays.fill(counts, 0);
      for (int i = 0; i < rows; i++) {
        counts[below(random, rows)]++;
      }
    };
  }

  /**
   * A uniform integer in [0, n): Lemire's multiply-and-shift with rejection ("Fast Random Integer
   * Generation in an Interval", ACM TOMACS 2019), which needs a division only on the rare rejection
   * path.
   */
  static int below(SplittableRandom random, int n) {
    long m = (random.nextInt() & 0xFFFFFFFFL) * n;
    long low = m & 0xFFFFFFFFL;
    if (low < n) {
      long threshold = (0x100000000L - n) % n;
      while (low < threshold) {
        m = (random.nextInt() & 0xFFFFFFFFL) * n;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /**
   * Evaluates {@code statistics} on resample b, into {@code values[m][b]} (NaN: undefined). Shared
   * statistics with equal keys compute their intermediate once per resample (see {@link
   * SharedStatistic}).
   */
  private static void evaluate(
      Resampler resampler, int resamples, int rows, Statistic[] statistics, double[][] values) {
    int k = statistics.length;
    int[] source = new int[k]; // the shared statistic whose intermediate m reads, or -1
    for (int m = 0; m < k; m++) {
      source[m] = -1;
      if (statistics[m] instanceof SharedStatistic<?> s) {
        source[m] = m;
        for (int l = 0; l < m; l++) {
          if (statistics[l] instanceof SharedStatistic<?> t && t.key().equals(s.key())) {
            source[m] = source[l];
            break;
          }
        }
      }
    }
    int workers = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), resamples / 8));
    IntStream.range(0, workers)
        .parallel()
        .forEach(
            w -> {
              int[] counts = new int[rows];
              Object[] buffers = new Object[k];
              for (int m = 0; m < k; m++) {
                if (source[m] == m) {
                  buffers[m] = ((SharedStatistic<?>) statistics[m]).newBuffer();
                }
              }
              for (int b = resamples * w / workers; b < resamples * (w + 1) / workers; b++) {
                resampler.draw(b, counts);
                for (int m = 0; m < k; m++) {
                  if (source[m] < 0) {
                    values[m][b] = statistics[m].value(counts);
                  } else {
                    if (source[m] == m) {
                      fill(statistics[m], counts, buffers[m]);
                    }
                    values[m][b] = valueOf(statistics[m], buffers[source[m]]);
                  }
                }
              }
            });
  }

  @SuppressWarnings("unchecked")
  private static <S> void fill(Statistic statistic, int[] counts, Object buffer) {
    ((SharedStatistic<S>) statistic).fill(counts, (S) buffer);
  }

  @SuppressWarnings("unchecked")
  private static <S> double valueOf(Statistic statistic, Object buffer) {
    return ((SharedStatistic<S>) statistic).valueOf((S) buffer);
  }

  /** The values that are not NaN, sorted. */
  private static double[] definedSorted(double[] values) {
    double[] out = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    Arrays.sort(out);
    return out;
  }

  /** Resamples given as row indexes, one array of n indexes per resample (tests use these). */
  static Resampler fromIndexes(int[][] indexes) {
    return (b, counts) -> {
      Arrays.fill(counts, 0);
      for (int row : indexes[b]) {
        counts[row]++;
      }
    };
  }

  static <T extends Outcomes> List<MetricValue> estimate(
      List<? extends Metric<T>> metrics, T data, Resampler resampler, int resamples, double level) {
    Statistic[] statistics = new Statistic[metrics.size()];
    List<String> names = new ArrayList<>();
    for (int m = 0; m < statistics.length; m++) {
      statistics[m] = metrics.get(m).prepare(data);
      names.add(metrics.get(m).name());
    }
    return estimate(names, statistics, data.rows(), resampler, resamples, level);
  }

  private static List<MetricValue> estimate(
      List<String> names,
      Statistic[] statistics,
      int n,
      Resampler resampler,
      int resamples,
      double level) {
    int[] once = new int[n];
    Arrays.fill(once, 1);
    double[] point = new double[statistics.length];
    for (int m = 0; m < statistics.length; m++) {
      point[m] = statistics[m].value(once);
    }
    double[][] values = new double[statistics.length][resamples];
    evaluate(resampler, resamples, n, statistics, values);
    List<MetricValue> out = new ArrayList<>();
    for (int m = 0; m < statistics.length; m++) {
      double[] sorted = definedSorted(values[m]);
      out.add(
          new MetricValue(
              names.get(m),
              point[m],
              percentile(sorted, (1 - level) / 2),
              percentile(sorted, (1 + level) / 2),
              level,
              resamples,
              resamples - sorted.length));
    }
    return out;
  }

  static <T extends Outcomes> List<PairedDifference> compare(
      List<? extends Metric<T>> metrics,
      T first,
      T second,
      Resampler resampler,
      int resamples,
      double level) {
    requireSameRows(first, second);
    int k = metrics.size();
    Statistic[] differences = new Statistic[k];
    double[] pointA = new double[k];
    double[] pointB = new double[k];
    int[] once = new int[first.rows()];
    Arrays.fill(once, 1);
    for (int m = 0; m < k; m++) {
      Statistic a = metrics.get(m).prepare(first);
      Statistic b = metrics.get(m).prepare(second);
      pointA[m] = a.value(once);
      pointB[m] = b.value(once);
      differences[m] = counts -> a.value(counts) - b.value(counts);
    }
    double[][] values = new double[k][resamples];
    evaluate(resampler, resamples, first.rows(), differences, values);
    List<PairedDifference> out = new ArrayList<>();
    for (int m = 0; m < k; m++) {
      double[] sorted = definedSorted(values[m]);
      out.add(
          new PairedDifference(
              metrics.get(m).name(),
              pointA[m],
              pointB[m],
              pointA[m] - pointB[m],
              percentile(sorted, (1 - level) / 2),
              percentile(sorted, (1 + level) / 2),
              level,
              resamples,
              resamples - sorted.length));
    }
    return out;
  }

  /** numpy's default ("linear") percentile of sorted values, q in [0, 1]; NaN when empty. */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double h = (sorted.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (h - lo);
  }

  private static void requireSameRows(Outcomes first, Outcomes second) {
    UserException.require(
        first.rows() == second.rows(),
        "a paired comparison needs both models' outcomes on the same rows, but the first has %d"
            + " rows and the second %d",
        first.rows(),
        second.rows());
    int firstClasses = classes(first);
    int secondClasses = classes(second);
    UserException.require(
        firstClasses == secondClasses,
        "a paired comparison needs both models to have the same classes, but the first has %d"
            + " and the second %d",
        firstClasses,
        secondClasses);
    int row = firstDifference(first, second);
    UserException.require(
        row < 0,
        "a paired comparison needs both models' outcomes on the same rows, but their labels"
            + " differ (row %d)",
        row);
  }

  private static int classes(Outcomes outcomes) {
    if (outcomes instanceof ClassPredictions p) {
      return p.classes();
    }
    if (outcomes instanceof ClassProbabilities p) {
      return p.classes();
    }
    return 0;
  }

  /** The first row whose labels differ, or -1. */
  private static int firstDifference(Outcomes first, Outcomes second) {
    if (first instanceof Clusters a && second instanceof Clusters b) {
      // two clusterings of the same rows: the same features, whatever the labels
      int d = a.cols();
      for (int i = 0; i < a.rows(); i++) {
        if (d != b.cols() || !Arrays.equals(a.x(), i * d, i * d + d, b.x(), i * d, i * d + d)) {
          return i;
        }
      }
      return -1;
    }
    double[] a = labelsOf(first);
    double[] b = labelsOf(second);
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return -1;
  }

  private static double[] labelsOf(Outcomes outcomes) {
    if (outcomes instanceof RegressionPredictions r) {
      return r.labels();
    }

    int[] labels;
    if (outcomes instanceof BinaryScores s) {
      labels = s.labels();
    } else if (outcomes instanceof ClassPredictions p) {
      labels = p.labels();
    } else {
      labels = ((ClassProbabilities) outcomes).labels();
    }
    return Arrays.stream(labels).asDoubleStream().toArray();
  }
}
