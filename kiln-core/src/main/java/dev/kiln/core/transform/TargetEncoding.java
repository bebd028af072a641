package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import java.util.ArrayList;
import java.util.HashMap;
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

  static Fitter.Fit fit(TargetEncode spec, Column c, double[] target, long seed) {
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
    int[] slot = new int[n];
    for (int i = 0; i < n; i++) {
      slot[i] = keys[i] == null ? nullSlot : index.get(keys[i]);
    }
    int k = spec.folds();
    int[] fold = Fitter.folds(n, k, seed);
    double[][] sums = new double[k][nullSlot + 1];
    long[][] counts = new long[k][nullSlot + 1];
    double[] foldSums = new double[k];
    long[] foldCounts = new long[k];
    for (int i = 0; i < n; i++) {
      sums[fold[i]][slot[i]] += target[i];
      counts[fold[i]][slot[i]]++;
      foldSums[fold[i]] += target[i];
      foldCounts[fold[i]]++;
    }
    double[] totalSums = new double[nullSlot + 1];
    long[] totalCounts = new long[nullSlot + 1];
    double total = 0;
    for (int f = 0; f < k; f++) {
      for (int s = 0; s <= nullSlot; s++) {
        totalSums[s] += sums[f][s];
        totalCounts[s] += counts[f][s];
      }
      total += foldSums[f];
    }
    double m = spec.smoothing();
    double prior = total / n;
    List<Double> encodings = new ArrayList<>(categories.size());
    for (int s = 0; s < nullSlot; s++) {
      encodings.add(Encoders.TargetEncoder.smooth(totalSums[s], totalCounts[s], prior, m));
    }
    double nullEncoding =
        Encoders.TargetEncoder.smooth(totalSums[nullSlot], totalCounts[nullSlot], prior, m);

    double[] oof = new double[n];
    Map<Long, Double> cache = new HashMap<>();
    for (int i = 0; i < n; i++) {
      int f = fold[i];
      int s = slot[i];
      long cacheKey = (long) f * (nullSlot + 1) + s;
      Double v = cache.get(cacheKey);
      if (v == null) {
        double foldPrior = (total - foldSums[f]) / (n - foldCounts[f]);
        v =
            Encoders.TargetEncoder.smooth(
                totalSums[s] - sums[f][s], totalCounts[s] - counts[f][s], foldPrior, m);
        cache.put(cacheKey, v);
      }
      oof[i] = v;
    }
    return new Fitter.Fit(
        new TargetEncodingFit(column, prior, m, categories, encodings, nullEncoding), oof);
  }
}
