package dev.kiln.bench.jmh;

import dev.kiln.bench.BinaryTable;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.learn.Model;
import dev.kiln.core.learn.Task;
import dev.kiln.core.learn.TrainingSet;
import dev.kiln.core.predict.ModelBundle;
import dev.kiln.core.predict.Predictor;
import dev.kiln.core.transform.FeatureMatrix;
import dev.kiln.core.transform.Pipeline;
import dev.kiln.data.source.FileSource;
import dev.kiln.learn.Learners;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Single-row and batch prediction of a 200-tree binary model on 30 features (LightGBM with 63
 * leaves, XGBoost with depth 6, trained in the setup on {@link BinaryTable} rows), through Kiln's
 * tree evaluator ({@code evaluator=kiln}) and through the library's own predictor ({@code
 * evaluator=library}, {@code -Dkiln.trees=library}), for the model alone and through {@link
 * Predictor} (feature pipeline + model, the path the server uses).
 *
 * <p>{@code row*} are per-call latencies (SampleTime: p50/p99 in the report); {@code batch} scores
 * {@value #BATCH} rows per call, so rows/s = ops/s x {@value #BATCH} (split across the cores), and
 * {@code batch100} {@value #REQUEST} rows (one request's rows, one thread). Run after {@code ./mvnw
 * -q -B -pl kiln-bench -am package -DskipTests}:
 *
 * <pre>
 * OMP_WAIT_POLICY=passive java -cp 'kiln-bench/target/lib/*' org.openjdk.jmh.Main \
 *     dev.kiln.bench.jmh.TreePredictBench -p learner=lightgbm,xgboost -p evaluator=kiln,library
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TreePredictBench {
  static final int BATCH = 8192;
  static final int REQUEST = 100;
  static final int TRAIN_ROWS = 20_000;

  @Param({"lightgbm", "xgboost"})
  public String learner;

  @Param({"kiln", "library"})
  public String evaluator;

  private Path dir;
  private Model model;
  private Predictor predictor;
  private float[] rows;
  private int cols;
  private Object[][] rawRows;
  private float[] batch;
  private float[] request;
  private final double[] out = new double[2];
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    System.setProperty("kiln.trees", evaluator);
    dir = Files.createTempDirectory("kiln-jmh");
    Path csv = dir.resolve("binary.csv");
    BinaryTable.main(new String[] {csv.toString(), Integer.toString(TRAIN_ROWS), "42"});
    Frame frame = new FileSource(csv).read();
    double[] labels = BinaryTable.labels(frame);
    Pipeline.Fitted fitted =
        Pipeline.defaults(frame.schema(), "label").fitTransform(frame, labels, 42);
    FeatureMatrix x = fitted.training();
    cols = x.columns();
    rows = x.toFloats();
    Map<String, String> params =
        learner.equals("lightgbm")
            ? Map.of("num_iterations", "200", "num_leaves", "63", "threads", "2")
            : Map.of("num_boost_round", "200", "max_depth", "6", "threads", "2");
    model =
        Learners.create(learner, Task.binary(), params)
            .fit(TrainingSet.of(rows, x.rows(), cols, x.names(), labels), Optional.empty());
    Path bundle = dir.resolve("model.kiln");
    ModelBundle.of("binary", fitted.pipeline(), model)
        .target("label", List.of("0", "1"))
        .write(bundle);
    predictor = Predictor.load(bundle);
    rawRows = new Object[1024][];
    List<String> inputs = predictor.inputNames();
    for (int r = 0; r < rawRows.length; r++) {
      Object[] row = new Object[inputs.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = frame.column(inputs.get(i)).get(r);
      }
      rawRows[r] = row;
    }
    batch = Arrays.copyOf(rows, BATCH * cols);
    request = Arrays.copyOf(rows, REQUEST * cols);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    predictor.close();
    model.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** One row through the model alone (features already numeric). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double rowModel() {
    int r = next++ & 1023;
    model.predict(Arrays.copyOfRange(rows, r * cols, (r + 1) * cols), out);
    return out[1];
  }

  /** One raw row through the Predictor: the feature pipeline and the model. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public double rowPredictor() {
    predictor.predict(rawRows[next++ & 1023], out);
    return out[1];
  }

  /** {@value #REQUEST} rows through the model's batch path: one request's rows, on one thread. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public double[] batch100() {
    return model.predict(request, REQUEST);
  }

  /** {@value #BATCH} rows through the model's batch path. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public double[] batch() {
    return model.predict(batch, BATCH);
  }
}
