package dev.kiln.cli.train;

import dev.kiln.core.UserException;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import dev.kiln.core.transform.Impute;
import dev.kiln.core.transform.OneHot;
import dev.kiln.core.transform.PassThrough;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.core.transform.Standardize;
import dev.kiln.core.transform.Transform;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The feature pipeline of a clustering: k-means measures Euclidean distances, so every feature must
 * be on a comparable scale. Numbers are imputed with the median and standardized (mean 0, unit
 * variance; a missing indicator beside a nullable column); booleans are 0/1; categories one-hot
 * (the {@value #MAX_CATEGORIES} most frequent, the rest as one unseen bucket), so two rows of
 * different categories are √2 apart, about the distance of 1.4 standard deviations in one number.
 * Timestamps and text are left out: their date parts (a year near 2025) and n-gram counts are not
 * on that scale and would decide the clusters alone.
 */
final class ClusteringFeatures {
  /** One-hot categories kept per column. */
  static final int MAX_CATEGORIES = 20;

  private ClusteringFeatures() {}

  /**
   * The pipeline for every column of {@code schema} but the {@code excluded} ones; a note in {@code
   * notes} says which columns were left out and how the rest are scaled.
   */
  static Pipeline of(Schema schema, Set<String> excluded, String data, List<String> notes) {
    Pipeline.Builder b = Pipeline.builder();
    List<String> left = new ArrayList<>();
    int steps = 0;
    for (Field f : schema.fields()) {
      if (excluded.contains(f.name())) {
        continue;
      }
      Transform t = transform(f);
      if (t == null) {
        left.add(f.name() + " (" + f.type().key() + ")");
      } else {
        b.add(f.name(), t);
        steps++;
      }
    }
    if (steps == 0) {
      throw new UserException(
          "k-means clusters numbers, booleans and categories, but "
              + data
              + " has none left to use"
              + (left.isEmpty() ? "" : ": only " + String.join(", ", left))
              + "; add numeric or categorical columns, or --exclude fewer");
    }
    notes.add(
        "k-means features: numbers standardized (median-imputed), booleans 0/1, categories"
            + " one-hot");
    if (!left.isEmpty()) {
      notes.add(
          "not used for k-means (distances need numbers on one scale): " + String.join(", ", left));
    }
    return b.build();
  }

  private static Transform transform(Field f) {
    return switch (f.type()) {
      case INTEGER, FLOAT ->
          Standardize.after(f.nullable() ? Impute.median().withIndicator() : Impute.median());
      case BOOLEAN -> f.nullable() ? Impute.mostFrequent().withIndicator() : new PassThrough();
      case CATEGORICAL -> new OneHot(MAX_CATEGORIES);
      case TIMESTAMP, TEXT -> null;
    };
  }
}
