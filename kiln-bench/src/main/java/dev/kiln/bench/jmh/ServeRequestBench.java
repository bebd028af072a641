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
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Routes;
import dev.kiln.serve.model.ModelRegistry;
import dev.kiln.serve.model.ModelService;
import dev.kiln.serve.model.ServedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The model server's work for one request without the network: parse, bind, predict, log, answer,
 * through the same {@link Routes} {@code kiln serve} mounts, for MLflow's {@code /invocations}
 * ({@code dataframe_split}) and the OIP v2 {@code infer}, 1 and 100 rows, with the prediction log
 * on. The model is the one of {@code kiln-bench/bin/serve.sh}: XGBoost, 200 trees of depth 6, 30
 * features, trained on 20,000 {@link BinaryTable} rows. What it isolates: the per-request CPU the
 * HTTP benchmark cannot separate from the HTTP stack and the load generator.
 *
 * <pre>
 * ./mvnw -q -B -pl kiln-bench -am package -DskipTests
 * java -cp 'kiln-bench/target/lib/*' org.openjdk.jmh.Main dev.kiln.bench.jmh.ServeRequestBench -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g", "-XX:+UseSerialGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServeRequestBench {
  private static final int TRAIN_ROWS = 20_000;

  @Param({"invocations", "infer"})
  public String endpoint;

  @Param({"1", "100"})
  public int rows;

  private Path dir;
  private Model model;
  private Predictor predictor;
  private ModelService service;
  private Routes routes;
  private Request[] requests;
  private int next;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("kiln-jmh-serve");
    Path csv = dir.resolve("binary.csv");
    BinaryTable.main(new String[] {csv.toString(), Integer.toString(TRAIN_ROWS), "42"});
    Frame frame = new FileSource(csv).read();
    String prebuilt = System.getProperty("kiln.bench.bundle"); // see ServeAB
    Path bundle = prebuilt != null ? Path.of(prebuilt) : train(frame, dir.resolve("model.kiln"));
    predictor = Predictor.load(bundle);
    ModelRegistry registry = new ModelRegistry();
    registry.put(ServedModel.of("bench", "1", predictor));
    service = ModelService.builder().registry(registry).logDir(dir).build();
    routes = service.routes(Routes.builder());
    List<String> inputs = predictor.inputNames();
    requests = new Request[64];
    for (int q = 0; q < requests.length; q++) {
      String body =
          endpoint.equals("infer")
              ? inferBody(frame, inputs, q * rows, rows)
              : splitBody(frame, inputs, q * rows, rows);
      String uri = endpoint.equals("infer") ? "/v2/models/bench/infer" : "/invocations";
      requests[q] =
          Request.of(
              "POST",
              uri,
              Map.of("Content-Type", "application/json"),
              body.getBytes(StandardCharsets.UTF_8));
    }
    Response check = routes.respond(requests[0]);
    if (check.status() != 200) {
      throw new IllegalStateException(check.bodyText());
    }
  }

  /** Trains the benchmark's model on {@code frame} and writes its bundle to {@code bundle}. */
  private Path train(Frame frame, Path bundle) {
    double[] labels = BinaryTable.labels(frame);
    Pipeline.Fitted fitted =
        Pipeline.defaults(frame.schema(), "label").fitTransform(frame, labels, 42);
    FeatureMatrix x = fitted.training();
    model =
        Learners.create(
                "xgboost",
                Task.binary(),
                Map.of("num_boost_round", "200", "max_depth", "6", "threads", "2"))
            .fit(
                TrainingSet.of(x.toFloats(), x.rows(), x.columns(), x.names(), labels),
                Optional.empty());
    ModelBundle.of("binary", fitted.pipeline(), model)
        .target("label", List.of("0", "1"))
        .write(bundle);
    return bundle;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    service.close();
    predictor.close();
    if (model != null) {
      model.close();
    }
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  public Response request() {
    return routes.respond(requests[next++ & 63]);
  }

  /** The bundle this benchmark serves (trained in {@link #setUp} unless given). */
  Path bundlePath() {
    String prebuilt = System.getProperty("kiln.bench.bundle");
    return prebuilt != null ? Path.of(prebuilt) : dir.resolve("model.kiln");
  }

  /** Rows the prediction log has written (for {@link ServeCpu}). */
  long logged() {
    return service.log().written();
  }

  /** Rows waiting in the prediction log's queue. */
  long logDepth() {
    return service.log().depth();
  }

  private static String number(Object v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  static String splitBody(Frame frame, List<String> inputs, int from, int n) {
    List<String> data = new ArrayList<>();
    for (int r = from; r < from + n; r++) {
      List<String> row = new ArrayList<>();
      for (String c : inputs) {
        row.add(number(frame.column(c).get(r)));
      }
      data.add("[" + String.join(",", row) + "]");
    }
    List<String> names = new ArrayList<>();
    for (String c : inputs) {
      names.add("\"" + c + "\"");
    }
    return "{\"dataframe_split\":{\"columns\":["
        + String.join(",", names)
        + "],\"data\":["
        + String.join(",", data)
        + "]}}";
  }

  static String inferBody(Frame frame, List<String> inputs, int from, int n) {
    List<String> tensors = new ArrayList<>();
    for (String c : inputs) {
      List<String> values = new ArrayList<>();
      for (int r = from; r < from + n; r++) {
        values.add(number(frame.column(c).get(r)));
      }
      tensors.add(
          "{\"name\":\""
              + c
              + "\",\"datatype\":\"FP64\",\"shape\":["
              + n
              + "],\"data\":["
              + String.join(",", values)
              + "]}");
    }
    return "{\"inputs\":[" + String.join(",", tensors) + "]}";
  }
}
