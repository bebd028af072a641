package dev.kiln.data.split;

import dev.kiln.core.UserException;
import java.util.Random;

/** Row-index arithmetic shared by the strategies. */
final class Rows {
  private Rows() {}

  /**
   * The number of test rows for {@code n} rows: {@code n × fraction} rounded half up. Fails when
   * that leaves a side empty.
   */
  static int testRows(int n, double fraction) {
    long t = Math.round(n * fraction);
    UserException.require(
        t > 0 && t < n,
        "%,d %s with test fraction %s leave%s %s side empty (test would get %,d of %,d); use more rows or a"
            + " fraction nearer 0.5",
        n,
        n == 1 ? "row" : "rows",
        fraction,
        n == 1 ? "s" : "",
        t == 0 ? "the test" : "the train",
        t,
        n);
    return (int) t;
  }

  /** 0, 1, …, n-1. */
  static int[] identity(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  /**
   * Shuffles in place with Fisher–Yates driven by {@link Random}, whose algorithm the Java SE
   * specification fixes, so a seed gives the same order on every JVM ({@code SplittableRandom} and
   * {@code Collections.shuffle} make no such promise).
   */
  static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }
}
