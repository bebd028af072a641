package dev.kiln.bench;

import java.io.IOException;
import java.io.Writer;
import java.util.SplittableRandom;

/**
 * Writes the training benchmark's CSV: 30 numeric features {@code x01..x30} and a binary {@code
 * label}, the same bytes for the same seed and row count. Features are normal, log-normal, uniform
 * and correlated pairs; the label is Bernoulli with a logistic link over a function that has
 * interactions and thresholds (so trees beat a linear model, as on real tabular data), about 22%
 * positive, with label noise so the best AUC is well below 1.
 *
 * <p>Usage: {@code BinaryTable OUT.csv [ROWS] [SEED]} (defaults 1,000,000 rows, seed 42).
 */
public final class BinaryTable {
  static final int FEATURES = 30;

  private BinaryTable() {}

  /** The {@code label} column of a table read back, as the learners take it. */
  public static double[] labels(dev.kiln.core.frame.Frame frame) {
    double[] labels = new double[frame.rowCount()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = ((Number) frame.column("label").get(i)).doubleValue();
    }
    return labels;
  }

  public static void main(String[] args) throws IOException {
    GeneratedCsv.main("BinaryTable", args, BinaryTable::write);
  }

  static void write(Writer w, long rows, long seed) throws IOException {
    StringBuilder line = new StringBuilder(512);
    for (int f = 1; f <= FEATURES; f++) {
      line.append(f > 1 ? "," : "").append('x').append(f < 10 ? "0" : "").append(f);
    }
    w.append(line).append(",label\n");
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[FEATURES];
    for (long i = 0; i < rows; i++) {
      for (int f = 0; f < FEATURES; f++) {
        x[f] =
            switch (f % 5) {
              case 0 -> gaussian(r);
              case 1 -> Math.exp(0.5 * gaussian(r));
              case 2 -> r.nextDouble() * 10;
              case 3 -> 0.7 * x[f - 1] + 0.3 * gaussian(r); // correlated with its neighbour
              default -> r.nextDouble() < 0.3 ? gaussian(r) + 3 : gaussian(r);
            };
      }
      double z =
          -1.9
              + 0.8 * x[0]
              - 0.6 * Math.log(x[1])
              + (x[2] > 7 ? 1.1 : 0)
              + 0.5 * x[0] * x[5]
              + (x[4] > 2 && x[7] > 5 ? 1.4 : 0)
              - 0.3 * x[10] * x[10]
              + 0.4 * Math.sin(x[12])
              + 0.25 * x[15]
              + (x[19] > 2.5 ? -0.9 : 0.2)
              + 0.35 * x[20];
      boolean label = r.nextDouble() < 1 / (1 + Math.exp(-z));
      line.setLength(0);
      for (int f = 0; f < FEATURES; f++) {
        if (f > 0) {
          line.append(',');
        }
        line.append(Math.round(x[f] * 1e5) / 1e5);
      }
      line.append(label ? ",1\n" : ",0\n");
      w.append(line);
    }
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
