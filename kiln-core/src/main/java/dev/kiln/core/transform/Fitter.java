package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Learns each transform's state from its training column. */
final class Fitter {
  private Fitter() {}

  /**
   * A fitted transform, and for a target encoding the out-of-fold values of the training rows
   * (row-major, one value per feature of the transform).
   */
  record Fit(FittedTransform fitted, double[] outOfFold) {}

  /**
   * @param classes the labels of a classification target whose {@code target} values are class
   *     indexes (empty for a numeric target); only target encoding reads them
   */
  static Fit fit(Transform t, Column c, double[] target, List<String> classes, long seed) {
    String column = c.name();
    if (t instanceof Impute i) {
      return new Fit(impute(i, c), null);
    } else if (t instanceof Standardize s) {
      return new Fit(standardize(s, c), null);
    } else if (t instanceof OneHot o) {
      return new Fit(new OneHotFit(column, categories(c, o.maxCategories())), null);
    } else if (t instanceof Ordinal) {
      return new Fit(new OrdinalFit(column, categories(c, Integer.MAX_VALUE)), null);
    } else if (t instanceof AutoCategorical a) {
      List<String> all = categories(c, Integer.MAX_VALUE);
      return new Fit(
          all.size() <= a.oneHotLimit() ? new OneHotFit(column, all) : new OrdinalFit(column, all),
          null);
    } else if (t instanceof TargetEncode e) {
      return TargetEncoding.fit(e, c, target, classes, seed);
    } else if (t instanceof DateParts d) {
      return new Fit(new DatePartsFit(column, d.dayOfYear()), null);
    } else if (t instanceof HashedText h) {
      return new Fit(new HashedTextFit(column, h), null);
    } else if (t instanceof PassThrough) {
      return new Fit(new PassThroughFit(column), null);
    }
    throw new IllegalArgumentException("unknown transform " + t);
  }

  /** The column's values as the numeric encoders read them; null and NaN both come out NaN. */
  static double[] numbers(Column c) {
    double[] out = new double[c.size()];
    new Encoders.PassThroughEncoder(new PassThroughFit(c.name())).writeColumn(c, out, 1, 0);
    return out;
  }

  /** The finite values, in row order. */
  private static double[] finite(double[] values) {
    double[] out = new double[values.length];
    int n = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        out[n++] = v;
      }
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  static ImputeFit impute(Impute spec, Column c) {
    double fill;
    if (spec.strategy().equals("constant")) {
      fill = spec.constant();
    } else {
      double[] v = finite(numbers(c));
      if (v.length == 0) {
        throw new UserException(
            "impute ("
                + spec.strategy()
                + ") of column '"
                + c.name()
                + "' has nothing to learn from: all "
                + c.size()
                + " training values are null or not finite");
      }
      fill =
          switch (spec.strategy()) {
            case "mean" -> mean(v);
            case "median" -> Selection.median(v);
            default -> mostFrequent(sorted(v));
          };
    }
    return new ImputeFit(c.name(), spec.strategy(), fill, spec.indicator());
  }

  static StandardizeFit standardize(Standardize spec, Column c) {
    ImputeFit impute = spec.impute() == null ? null : impute(spec.impute(), c);
    double[] v = numbers(c);
    if (impute != null) {
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          v[i] = impute.fill();
        }
      }
    }
    v = finite(v);
    if (v.length == 0) {
      throw new UserException(
          "standardize of column '"
              + c.name()
              + "' has nothing to learn from: all "
              + c.size()
              + " training values are null or not finite");
    }
    double mean = mean(v);
    double squares = 0;
    for (double x : v) {
      squares += (x - mean) * (x - mean);
    }
    double std = Math.sqrt(squares / v.length);
    // as scikit-learn: a (numerically) constant column is centred, not scaled
    double scale = std < 10 * Math.ulp(1.0) ? 1.0 : std;
    return new StandardizeFit(c.name(), impute, mean, scale);
  }

  private static double mean(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    return sum / v.length;
  }

  private static double[] sorted(double[] v) {
    Arrays.sort(v);
    return v;
  }

  /** The most frequent of sorted values; the smallest wins a tie (as scikit-learn). */
  private static double mostFrequent(double[] sorted) {
    double best = sorted[0];
    int bestRun = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && Double.compare(sorted[j], sorted[i]) == 0) {
        j++;
      }
      if (j - i > bestRun) {
        bestRun = j - i;
        best = sorted[i];
      }
      i = j;
    }
    return best;
  }

  /** Each row's category key as the category encoders read it (null for null). */
  static String[] keys(Column c) {
    String[] keys = new String[c.size()];
    Encoder.Category reader =
        new Encoder.Category(c.name(), 1) {
          @Override
          void encode(String key, double[] out, int offset) {
            keys[offset] = key;
          }
        };
    reader.writeColumn(c, new double[0], 1, 0);
    return keys;
  }

  /**
   * The non-null categories, sorted; when there are more than {@code max}, the {@code max} most
   * frequent (ties to the smaller key).
   */
  static List<String> categories(Column c, int max) {
    Map<String, Integer> counts = new HashMap<>();
    for (String k : keys(c)) {
      if (k != null) {
        counts.merge(k, 1, Integer::sum);
      }
    }
    List<String> kept = new ArrayList<>(counts.keySet());
    if (kept.size() > max) {
      kept.sort(
          Comparator.<String>comparingInt(counts::get)
              .reversed()
              .thenComparing(Comparator.naturalOrder()));
      kept = new ArrayList<>(kept.subList(0, max));
    }
    kept.sort(Comparator.naturalOrder());
    return kept;
  }

  /** The fold (0 … folds-1) of each of {@code n} rows: a seeded shuffle dealt round-robin. */
  static int[] folds(int n, int folds, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      fold[order[i]] = i % folds;
    }
    return fold;
  }
}
