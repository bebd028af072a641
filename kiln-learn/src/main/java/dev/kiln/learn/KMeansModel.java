package dev.kiln.learn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.json.Json;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * k-means centroids; predicts the index of the nearest one (squared Euclidean distance, ties to the
 * lower index). Saved as JSON: {@code {"format": "kiln-kmeans", "version": "1", "features": […],
 * "centroids": [[…], …]}}. Public so that a caller holding a k-means model can read its centroids
 * (holdout inertia); it is made only by {@code Learners}.
 */
public final class KMeansModel implements Model {
  static final String FILE = "centroids.json";
  static final String FORMAT_VERSION = "1";

  private final double[][] centroids;
  private final ModelInfo info;
  private final int cols;

  KMeansModel(double[][] centroids, ModelInfo info) {
    this.centroids = centroids;
    this.info = info;
    this.cols = info.features().size();
  }

  static int nearest(double[][] c, float[] x, int offset, int d) {
    int best = 0;
    double bestDistance = Double.POSITIVE_INFINITY;
    for (int a = 0; a < c.length; a++) {
      double dist = squaredDistance(c[a], x, offset, d);
      if (dist < bestDistance) {
        bestDistance = dist;
        best = a;
      }
    }
    return best;
  }

  static double squaredDistance(double[] centroid, float[] x, int offset, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double diff = x[offset + j] - centroid[j];
      s += diff * diff;
    }
    return s;
  }

  /** A copy of the centroids, one array of feature values per cluster, in cluster-index order. */
  public double[][] centroids() {
    double[][] copy = new double[centroids.length][];
    for (int a = 0; a < copy.length; a++) {
      copy[a] = centroids[a].clone();
    }
    return copy;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public void predict(float[] row, double[] out) {
    Checks.rowLength(row, cols);
    out[0] = nearest(centroids, row, 0, cols);
  }

  @Override
  public double[] predict(float[] features, int rows) {
    Checks.batchLength(features, rows, cols);
    double[] out = new double[rows];
    for (int i = 0; i < rows; i++) {
      out[i] = nearest(centroids, features, i * cols, cols);
    }
    return out;
  }

  @Override
  public String save(Path folder) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("format", "kiln-kmeans");
    root.put("version", FORMAT_VERSION);
    ArrayNode names = root.putArray("features");
    info.features().forEach(names::add);
    ArrayNode cs = root.putArray("centroids");
    for (double[] c : centroids) {
      ArrayNode a = cs.addArray();
      for (double v : c) {
        a.add(v);
      }
    }
    Path path = folder.resolve(FILE);
    try {
      Json.mapper().writeValue(path.toFile(), root);
      return FILE;
    } catch (IOException e) {
      throw new SystemException("Could not write " + path, e);
    }
  }

  static KMeansModel load(Path folder, String file, ModelInfo info) {
    Path path = folder.resolve(file);
    JsonNode root;
    try {
      root = Json.mapper().readTree(Files.readString(path));
    } catch (NoSuchFileException e) {
      throw new UserException("k-means model file " + path + " does not exist");
    } catch (IOException e) {
      throw new UserException(
          "k-means model file " + path + " is not valid JSON: " + e.getMessage());
    }
    if (!"kiln-kmeans".equals(root.path("format").asText())
        || !FORMAT_VERSION.equals(root.path("version").asText())) {
      throw new UserException(
          "k-means model file "
              + path
              + " is not a kiln-kmeans version "
              + FORMAT_VERSION
              + " file");
    }
    JsonNode cs = root.path("centroids");
    int d = info.features().size();
    double[][] c = new double[cs.size()][d];
    for (int a = 0; a < c.length; a++) {
      JsonNode row = cs.get(a);
      if (row.size() != d) {
        throw new UserException(
            "k-means model file "
                + path
                + ": centroid "
                + a
                + " has "
                + row.size()
                + " values, expected "
                + d);
      }
      for (int j = 0; j < d; j++) {
        c[a][j] = row.get(j).asDouble();
      }
    }
    if (c.length == 0) {
      throw new UserException("k-means model file " + path + " has no centroids");
    }
    return new KMeansModel(c, info);
  }
}
