package dev.kiln.learn;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.ModelInfo;
import dev.kiln.core.learn.Task;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A liblinear model, saved in liblinear's own text format (model.liblinear). */
final class LibLinearModel implements Model {
  static final String FILE = "model.liblinear";

  private final de.bwaldvogel.liblinear.Model model;
  private final ModelInfo info;
  private final int cols;
  private final int[] classAt;

  LibLinearModel(de.bwaldvogel.liblinear.Model model, ModelInfo info) {
    this.model = model;
    this.info = info;
    this.cols = info.features().size();
    // liblinear orders classes as it met them; map its order to class indexes
    this.classAt = info.task().isClassification() ? model.getLabels() : new int[0];
  }

  static String version() {
    return Versions.of(Linear.class, "de.bwaldvogel", "liblinear");
  }

  /** Row {@code offset … offset+cols} as liblinear nodes 1…cols plus the bias node cols+1. */
  static Feature[] nodes(float[] x, int offset, int cols) {
    Feature[] f = new Feature[cols + 1];
    for (int j = 0; j < cols; j++) {
      f[j] = new FeatureNode(j + 1, x[offset + j]);
    }
    f[cols] = new FeatureNode(cols + 1, 1.0);
    return f;
  }

  static LibLinearModel load(Path folder, String file, ModelInfo info) {
    Path path = folder.resolve(file);
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return new LibLinearModel(Linear.loadModel(in), info);
    } catch (NoSuchFileException e) {
      throw new UserException("liblinear model file " + path + " does not exist");
    } catch (IOException | RuntimeException e) {
      throw new UserException("Could not read liblinear model " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public void predict(float[] row, double[] out) {
    Checks.rowLength(row, cols);
    predictAt(row, 0, out, 0);
  }

  @Override
  public double[] predict(float[] features, int rows) {
    return RowByRow.predict(features, rows, cols, info.task().outputs(), this::predictAt);
  }

  private void predictAt(float[] x, int offset, double[] out, int at) {
    Feature[] nodes = nodes(x, offset, cols);
    if (info.task().kind() == Task.Kind.REGRESSION) {
      out[at] = Linear.predictValues(model, nodes, new double[1]);
      return;
    }
    double[] p = new double[classAt.length];
    Linear.predictProbability(model, nodes, p);
    for (int c = 0; c < classAt.length; c++) {
      out[at + classAt[c]] = p[c];
    }
  }

  @Override
  public String save(Path folder) {
    Path path = folder.resolve(FILE);
    try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      Linear.saveModel(w, model);
      return FILE;
    } catch (IOException e) {
      throw new SystemException("Could not write " + path, e);
    }
  }
}
