package dev.kiln.learn;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.transform.FeatureMatrix;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.data.source.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Writes the golden bundles that {@link GoldenBundleTest} must keep loading in every later version,
 * with the predictions they gave when written. Run once per bundle format version, from the
 * repository root, and commit the output:
 *
 * <pre>
 * ./mvnw -q -pl kiln-learn -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dspotless.check.skip
 * OMP_WAIT_POLICY=passive java \
 *     -cp kiln-learn/target/test-classes:kiln-learn/target/classes:$(cat /tmp/cp.txt) \
 *     dev.kiln.learn.GoldenBundles kiln-learn/src/test/resources/golden/v1
 * </pre>
 */
public final class GoldenBundles {
  static final int ROWS = 60;

  /** A golden bundle: the dataset it was trained on, its target, learner and file name. */
  record Golden(String dataset, String target, String learner, String bundle) {}

  static final List<Golden> ALL =
      List.of(
          new Golden("breast_cancer", "diagnosis", "lightgbm", "breast-cancer-lightgbm.kiln"),
          new Golden("breast_cancer", "diagnosis", "xgboost", "breast-cancer-xgboost.kiln"),
          new Golden("wine", "cultivar", "logistic", "wine-logistic"));

  private GoldenBundles() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (Golden g : ALL) {
      Frame frame = dataset(g.dataset());
      List<String> classes = new ArrayList<>(new TreeSet<>(strings(frame, g.target())));
      double[] labels = new double[frame.rowCount()];
      for (int i = 0; i < labels.length; i++) {
        labels[i] = classes.indexOf(String.valueOf(frame.column(g.target()).get(i)));
      }
      Pipeline.Fitted fitted =
          Pipeline.defaults(frame.schema(), g.target()).fitTransform(frame, labels, 42);
      FeatureMatrix x = fitted.training();
      Task task = classes.size() == 2 ? Task.binary() : Task.multiclass(classes.size());
      Model model =
          Learners.create(g.learner(), task, Map.of())
              .fit(
                  TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), labels),
                  Optional.empty());
      Path bundle = out.resolve(g.bundle());
      ModelBundle.of(g.dataset(), fitted.pipeline(), model)
          .target(g.target(), classes)
          .write(bundle);
      try (Predictor p = Predictor.load(bundle)) {
        double[] predictions = p.predict(frame.head(ROWS));
        StringBuilder csv = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
          for (int c = 0; c < p.width(); c++) {
            csv.append(c > 0 ? "," : "").append(predictions[r * p.width() + c]);
          }
          csv.append('\n');
        }
        Files.writeString(out.resolve(g.bundle() + ".expected.csv"), csv);
      }
    }
  }

  static Frame dataset(String name) throws IOException {
    Path file = Files.createTempFile(name, ".csv");
    try (InputStream in = GoldenBundles.class.getResourceAsStream("/datasets/" + name + ".csv")) {
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try {
      return new FileSource(file).read();
    } finally {
      Files.delete(file);
    }
  }

  private static List<String> strings(Frame f, String column) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < f.rowCount(); i++) {
      out.add(String.valueOf(f.column(column).get(i)));
    }
    return out;
  }
}
