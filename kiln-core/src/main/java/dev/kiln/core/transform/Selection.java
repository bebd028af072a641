package dev.kiln.core.transform;

/**
 * Order statistics without a full sort: Hoare's selection (quickselect) with a median-of-three
 * pivot, O(n) expected. Values compare as {@link Double#compare} orders them (so -0.0 before 0.0),
 * which makes the result equal, bit for bit, to the same position of the sorted array.
 */
final class Selection {
  private Selection() {}

  /**
   * The median of {@code values} (reordered in place; not empty, no NaN): the middle value, or the
   * mean of the two middle values, as numpy's median.
   */
  static double median(double[] values) {
    int n = values.length;
    int upper = n / 2;
    double high = select(values, upper);
    if (n % 2 == 1) {
      return high;
    }
    // select left every value before position upper no greater than values[upper]: the lower
    // middle is the largest of them
    double low = values[0];
    for (int i = 1; i < upper; i++) {
      if (Double.compare(values[i], low) > 0) {
        low = values[i];
      }
    }
    return (low + high) / 2;
  }

  /** The value at position {@code k} of the sorted array; reorders {@code v} around it. */
  static double select(double[] v, int k) {
    int lo = 0;
    int hi = v.length - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      // median of three moved to v[mid]
      if (Double.compare(v[mid], v[lo]) < 0) {
        swap(v, mid, lo);
      }
      if (Double.compare(v[hi], v[lo]) < 0) {
        swap(v, hi, lo);
      }
      if (Double.compare(v[hi], v[mid]) < 0) {
        swap(v, hi, mid);
      }
      double pivot = v[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (Double.compare(v[i], pivot) < 0) {
          i++;
        }
        while (Double.compare(v[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          swap(v, i, j);
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return v[k];
      }
    }
    return v[k];
  }

  private static void swap(double[] v, int a, int b) {
    double t = v[a];
    v[a] = v[b];
    v[b] = t;
  }
}
