package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Fits a target encoding. Why out-of-fold: a row's own target is part of its category's mean, so
 * encoding the training rows with the full-data means leaks the label into the feature (worst for
 * rare categories: a category seen once encodes its own label, smoothed). Each training row is
 * therefore encoded with statistics from the other folds only, which is what a model sees for new
 * rows at serving time: an encoding that did not see that row's label. (Micci-Barreca, "A
 * preprocessing scheme for high-cardinality categorical attributes", SIGKDD Explorations 2001, for
 * the smoothing; scikit-learn's TargetEncoder uses the same cross-fitting.)
 */
final class TargetEncoding {
  private TargetEncoding() {}

  /**
   * Fits on {@code target}: numbers (regression, or 0/1 for a binary label) when {@code classes}
   * has fewer than 3 labels; class indexes {@code 0 … k-1} of the k {@code classes} otherwise,
   * encoded one class at a time as the share of the category's rows in that class.
   */
  static Fitter.Fit fit(
      TargetEncode spec, Column c, double[] target, List<String> classes, long seed) {
    String column = c.name();
    int n = c.size();
    if (target == null) {
      throw new UserException(
          "target_encode of column '"
              + column
              + "' needs a target: fit the pipeline with the target column or labels");
    }
    if (target.length != n) {
      throw new UserException(
          "target_encode of column '"
              + column
              + "' got "
              + target.length
              + " targets for "
              + n
              + " rows");
    }
    boolean multiclass = classes.size() >= 3;
    int w = multiclass ? classes.size() : 1;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(target[i])) {
        throw new UserException(
            "target_encode of column '"
                + column
                + "' needs a finite target on every row but row "
                + i
                + " has "
                + target[i]);
      }
      if (multiclass && (target[i] != Math.rint(target[i]) || target[i] < 0 || target[i] >= w)) {
        throw new UserException(
            "target_encode of column '"
                + column
                + "' needs class indexes 0 to "
                + (w - 1)
                + " for its "
                + w
                + " classes but row "
                + i
                + " has "
                + target[i]);
      }
    }
    if (n < spec.folds()) {
      throw new UserException(
          "target_encode of column '"
              + column
              + "' needs at least as many rows as folds ("
              + spec.folds()
              + ") but has "
              + n);
    }
    String[] keys = Fitter.keys(c);
    List<String> categories = Fitter.categories(c, Integer.MAX_VALUE);
    Map<String, Integer> index = Encoders.index(categories);
    int nullSlot = categories.size();
    int slots = nullSlot + 1;
    int[] slot = new int[n];
    for (int i = 0; i < n; i++) {
      slot[i] = keys[i] == null ? nullSlot : index.get(keys[i]);
    }
    int k = spec.folds();
    int[] fold = Fitter.folds(n, k, seed);
    // Per fold, slot and output j: the sum of the targets (for a multiclass target, of the
    // indicator "row is of class j", so the sums are counts and exact).
    double[][] sums = new double[k][slots * w];
    long[][] counts = new long[k][slots];
    double[][] foldSums = new double[k][w];
    long[] foldCounts = new long[k];
    for (int i = 0; i < n; i++) {
      int j = multiclass ? (int) target[i] : 0;
      double v = multiclass ? 1.0 : target[i];
      sums[fold[i]][slot[i] * w + j] += v;
      counts[fold[i]][slot[i]]++;
      foldSums[fold[i]][j] += v;
      foldCounts[fold[i]]++;
    }
    double[] totalSums = new double[slots * w];
    long[] totalCounts = new long[slots];
    double[] total = new double[w];
    for (int f = 0; f < k; f++) {
      for (int s = 0; s < slots; s++) {
        totalCounts[s] += counts[f][s];
        for (int j = 0; j < w; j++) {
          totalSums[s * w + j] += sums[f][s * w + j];
        }
      }
      for (int j = 0; j < w; j++) {
        total[j] += foldSums[f][j];
      }
    }
    double m = spec.smoothing();
    double[] prior = new double[w];
    double[][] full = new double[slots][w];
    for (int j = 0; j < w; j++) {
      prior[j] = total[j] / n;
      for (int s = 0; s < slots; s++) {
        full[s][j] =
            Encoders.TargetEncoder.smooth(totalSums[s * w + j], totalCounts[s], prior[j], m);
      }
    }

    double[] oof = new double[n * w];
    double[][] cache = new double[k * slots][];
    for (int i = 0; i < n; i++) {
      int f = fold[i];
      int s = slot[i];
      double[] v = cache[f * slots + s];
      if (v == null) {
        v = new double[w];
        for (int j = 0; j < w; j++) {
          double foldPrior = (total[j] - foldSums[f][j]) / (n - foldCounts[f]);
          v[j] =
              Encoders.TargetEncoder.smooth(
                  totalSums[s * w + j] - sums[f][s * w + j],
                  totalCounts[s] - counts[f][s],
                  foldPrior,
                  m);
        }
        cache[f * slots + s] = v;
      }
      System.arraycopy(v, 0, oof, i * w, w);
    }
    FittedTransform fitted;
    if (multiclass) {
      List<List<Double>> encodings = new ArrayList<>(nullSlot);
      for (int s = 0; s < nullSlot; s++) {
        encodings.add(boxed(full[s]));
      }
      fitted =
          new TargetEncodingMulticlassFit(
              column, classes, boxed(prior), m, categories, encodings, boxed(full[nullSlot]));
    } else {
      List<Double> encodings = new ArrayList<>(nullSlot);
      for (int s = 0; s < nullSlot; s++) {
        encodings.add(full[s][0]);
      }
      fitted = new TargetEncodingFit(column, prior[0], m, categories, encodings, full[nullSlot][0]);
    }
    return new Fitter.Fit(fitted, oof);
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }
}
