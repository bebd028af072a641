package dev.kiln.learn;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.data.source.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Training data for the learner tests: the breast-cancer file and seeded generated sets. */
final class Datasets {
  private Datasets() {}

  private static TrainingSet breastCancer;

  /** Wisconsin breast cancer (569 rows, 30 features), read with kiln-data; malignant = 1. */
  static synchronized TrainingSet breastCancer() throws IOException {
    if (breastCancer == null) {
      Path file = Files.createTempFile("breast_cancer", ".csv");
      try (InputStream in = Datasets.class.getResourceAsStream("/datasets/breast_cancer.csv")) {
        Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Frame frame = new FileSource(file).read();
      Files.delete(file);
      List<String> names = new ArrayList<>(frame.columnNames());
      names.remove("diagnosis");
      int rows = frame.rowCount();
      int cols = names.size();
      float[] x = new float[rows * cols];
      for (int j = 0; j < cols; j++) {
        Column c = frame.column(names.get(j));
        for (int i = 0; i < rows; i++) {
          x[i * cols + j] = (float) number(c, i);
        }
      }
      double[] y = new double[rows];
      Column target = frame.column("diagnosis");
      for (int i = 0; i < rows; i++) {
        y[i] = "malignant".equals(target.get(i)) ? 1 : 0;
      }
      breastCancer = TrainingSet.of(x, rows, cols, names, y);
    }
    return breastCancer;
  }

  private static double number(Column c, int row) {
    if (c instanceof DoubleColumn) {
      return ((DoubleColumn) c).value(row);
    }
    return ((LongColumn) c).value(row);
  }

  /** The same set with each feature standardized (for the linear learners). */
  static TrainingSet standardized(TrainingSet s) {
    float[] x = s.features().clone();
    int n = s.rows();
    int d = s.cols();
    for (int j = 0; j < d; j++) {
      double mean = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        mean += x[i * d + j];
      }
      mean /= n;
      for (int i = 0; i < n; i++) {
        sq += (x[i * d + j] - mean) * (x[i * d + j] - mean);
      }
      double sd = Math.sqrt(sq / n);
      for (int i = 0; i < n; i++) {
        x[i * d + j] = (float) ((x[i * d + j] - mean) / sd);
      }
    }
    return new TrainingSet(x, n, d, s.featureNames(), s.labels(), s.weights());
  }

  /** Rows {@code [0, n)} shuffled by {@code seed}, split into a training and a holdout part. */
  static TrainingSet[] split(TrainingSet s, double holdout, long seed) {
    int[] order = new int[s.rows()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random r = new Random(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int cut = (int) Math.round(order.length * (1 - holdout));
    return new TrainingSet[] {
      take(s, Arrays.copyOfRange(order, 0, cut)),
      take(s, Arrays.copyOfRange(order, cut, order.length))
    };
  }

  static TrainingSet take(TrainingSet s, int[] rows) {
    int d = s.cols();
    float[] x = new float[rows.length * d];
    double[] y = s.hasLabels() ? new double[rows.length] : null;
    for (int k = 0; k < rows.length; k++) {
      System.arraycopy(s.features(), rows[k] * d, x, k * d, d);
      if (y != null) {
        y[k] = s.labels()[rows[k]];
      }
    }
    return new TrainingSet(x, rows.length, d, s.featureNames(), y, null);
  }

  static List<String> names(int d) {
    List<String> names = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      names.add("x" + j);
    }
    return names;
  }

  /** y = 3 x0 - 2 x1 + x2 x3 + noise, 8 features. */
  static TrainingSet regression(int n, long seed) {
    Random r = new Random(seed);
    int d = 8;
    float[] x = new float[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) r.nextGaussian();
      }
      int o = i * d;
      y[i] = 3 * x[o] - 2 * x[o + 1] + x[o + 2] * x[o + 3] + 0.3 * r.nextGaussian();
    }
    return TrainingSet.of(x, n, d, names(d), y);
  }

  /** Three Gaussian classes around different means in 5 features. */
  static TrainingSet multiclass(int n, long seed) {
    Random r = new Random(seed);
    int d = 5;
    float[] x = new float[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(3);
      y[i] = c;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (r.nextGaussian() + (j == c ? 1.5 : 0));
      }
    }
    return TrainingSet.of(x, n, d, names(d), y);
  }

  /** {@code k} well-separated blobs in 2 features; the label is the blob. */
  static TrainingSet blobs(int n, int k, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * 2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(k);
      y[i] = c;
      x[2 * i] = (float) (10 * Math.cos(2 * Math.PI * c / k) + r.nextGaussian());
      x[2 * i + 1] = (float) (10 * Math.sin(2 * Math.PI * c / k) + r.nextGaussian());
    }
    return TrainingSet.of(x, n, 2, names(2), y);
  }

  /** Area under the ROC curve (Mann-Whitney, ties counted half). */
  static double auc(double[] labels, double[] scores) {
    double pos = 0;
    double neg = 0;
    double wins = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != 1) {
        continue;
      }
      pos++;
      for (int j = 0; j < labels.length; j++) {
        if (labels[j] == 1) {
          continue;
        }
        wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
      }
    }
    for (double l : labels) {
      neg += l == 1 ? 0 : 1;
    }
    return wins / (pos * neg);
  }

  static double r2(double[] labels, double[] predictions) {
    double mean = Arrays.stream(labels).average().orElseThrow();
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < labels.length; i++) {
      ssRes += (labels[i] - predictions[i]) * (labels[i] - predictions[i]);
      ssTot += (labels[i] - mean) * (labels[i] - mean);
    }
    return 1 - ssRes / ssTot;
  }

  /** Column {@code c} of row-major predictions with {@code k} outputs per row. */
  static double[] column(double[] predictions, int k, int c) {
    double[] out = new double[predictions.length / k];
    for (int i = 0; i < out.length; i++) {
      out[i] = predictions[i * k + c];
    }
    return out;
  }

  /** The share of rows whose highest probability is the label. */
  static double accuracy(double[] labels, double[] probabilities, int k) {
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (probabilities[i * k + c] > probabilities[i * k + best]) {
          best = c;
        }
      }
      right += best == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }
}
