package dev.kiln.core.metrics;

/**
 * The standard normal upper tail Q(x) = P(Z > x), to about 1e-14 relative, with no library: below x
 * = 3 Marsaglia's series (J. Stat. Softw. 11(4), 2004), Q(x) = ½ − φ(x)(x + x³/3 + x⁵/15 + …),
 * whose terms are all positive; from 3 on the Laplace continued fraction of the Mills ratio, Q(x) =
 * φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), which converges fast there.
 */
final class Normal {
  private static final double INV_SQRT_2PI = 0.3989422804014327;

  private Normal() {}

  static double upperTail(double x) {
    if (x < 0) {
      return 1 - upperTail(-x);
    }
    double density = INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    if (x < 3) {
      double term = x;
      double sum = x;
      for (int k = 3; sum + term != sum; k += 2) {
        term *= x * x / k;
        sum += term;
      }
      return 0.5 - density * sum;
    }
    double fraction = x;
    for (int k = 200; k >= 1; k--) {
      fraction = x + k / fraction;
    }
    return density / fraction;
  }
}
