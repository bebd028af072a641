package dev.kiln.cli;

import dev.kiln.core.UserException;
import dev.kiln.core.predict.Predictor;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Routes;
import dev.kiln.serve.model.InputField;
import dev.kiln.serve.model.ModelRegistry;
import dev.kiln.serve.model.ModelService;
import dev.kiln.serve.model.ServedModel;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln serve}: answers HTTP predictions with a model bundle (docs/serving.md) until stopped
 * (Ctrl-C or SIGTERM: requests in flight finish, the prediction log is written, then it exits).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a model bundle over HTTP: the Open Inference Protocol v2 (/v2/models/NAME/infer)"
          + " and MLflow scoring (/invocations), with a prediction log and /metrics."
    })
public final class ServeCommand implements Callable<Integer> {
  /** For tests: told when the server is ready, with the handle that stops it. */
  static volatile Consumer<Running> onReady;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--bundle",
      required = true,
      paramLabel = "PATH",
      description = "The model bundle: a folder or a .kiln file.")
  Path bundle;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The name the model is served as (default: the bundle's name).")
  String name;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      paramLabel = "H",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--auth-token",
      paramLabel = "T",
      defaultValue = "${env:KILN_AUTH_TOKEN}",
      description =
          "Require 'Authorization: Bearer T' on every endpoint but health checks"
              + " (default: the KILN_AUTH_TOKEN environment variable; none when unset).")
  String authToken;

  @Option(
      names = "--log-dir",
      paramLabel = "DIR",
      defaultValue = ".kiln",
      description =
          "Where the prediction log goes: DIR/predictions/model=NAME/hour=.../*.jsonl"
              + " (default: ${DEFAULT-VALUE}).")
  Path logDir;

  /** A started server: its port, and a way to stop it as Ctrl-C would. */
  public static final class Running {
    private final int port;
    private final CountDownLatch stop;

    Running(int port, CountDownLatch stop) {
      this.port = port;
      this.stop = stop;
    }

    public int port() {
      return port;
    }

    public void stop() {
      stop.countDown();
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    long start = System.nanoTime();
    if (port < 0 || port > 65535) {
      throw new UserException("--port must be 0..65535 but was " + port);
    }
    Predictor predictor = Predictor.load(bundle);
    String modelName = name == null ? predictor.manifest().name() : name;
    ServedModel model = ServedModel.of(modelName, "1", predictor);
    ModelRegistry registry = new ModelRegistry();
    registry.put(model);
    long loaded = System.nanoTime();
    warm(registry, model);
    long warmed = System.nanoTime();
    String version = KilnCommand.class.getPackage().getImplementationVersion();
    ModelService service =
        ModelService.builder()
            .registry(registry)
            .logDir(logDir)
            .version(version == null ? "dev" : version)
            .build();
    KilnServer server;
    try {
      server =
          KilnServer.builder()
              .host(host)
              .port(port)
              .authToken(authToken == null || authToken.isBlank() ? null : authToken)
              .routes(service.routes(Routes.builder()))
              .build()
              .start();
    } catch (RuntimeException e) {
      service.close();
      predictor.close();
      throw e instanceof UserException
          ? new UserException(e.getMessage() + " (try another --port or --host)")
          : e;
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                stopped.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "kiln-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    print(
        model,
        server.port(),
        new double[] {
          (System.nanoTime() - start) / 1e9, (loaded - start) / 1e9, (warmed - loaded) / 1e9
        },
        service);
    Consumer<Running> ready = onReady;
    if (ready != null) {
      ready.accept(new Running(server.port(), stop));
    }
    try {
      stop.await();
    } finally {
      server.close(); // finishes requests in flight
      service.close(); // then writes every logged prediction
      predictor.close();
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is what stopped us
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("kiln serve: stopped; prediction log written");
    out.flush();
    return 0;
  }

  /**
   * Runs a few predictions through the routes before the port opens (one row and a batch, both
   * protocols), so the first real request does not pay for class loading and the cold paths. A
   * service without a log, so nothing is logged.
   */
  private static void warm(ModelRegistry registry, ServedModel model) {
    try (ModelService warm = ModelService.builder().registry(registry).build()) {
      Routes routes = warm.routes(Routes.builder());
      String one = splitBody(model, 1);
      String many = splitBody(model, 32);
      for (int i = 0; i < 200; i++) {
        check(routes.respond(post("/invocations", i % 2 == 0 ? one : many)));
      }
      check(
          routes.respond(post("/v2/models/" + encode(model.name()) + "/infer", inferBody(model))));
    }
  }

  private static void check(Response response) {
    if (response.status() != 200) {
      throw new UserException(
          "The model does not answer its own example request while warming up: "
              + response.bodyText());
    }
  }

  private static Request post(String uri, String body) {
    return Request.of(
        "POST",
        uri,
        Map.of("Content-Type", "application/json"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** An example value of each input, as JSON text. */
  private static List<String> example(ServedModel model) {
    List<String> values = new ArrayList<>();
    for (InputField f : model.inputs()) {
      switch (f.type()) {
        case INTEGER:
          values.add("0");
          break;
        case FLOAT:
          values.add("0.0");
          break;
        case BOOLEAN:
          values.add("false");
          break;
        case TIMESTAMP:
          values.add("\"2025-01-01T00:00:00Z\"");
          break;
        default:
          values.add(quote(f.categories().isEmpty() ? "a" : f.categories().get(0)));
      }
    }
    return values;
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String splitBody(ServedModel model, int rows) {
    List<String> names = new ArrayList<>();
    for (InputField f : model.inputs()) {
      names.add(quote(f.name()));
    }
    String row = "[" + String.join(", ", example(model)) + "]";
    List<String> data = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      data.add(row);
    }
    return "{\"dataframe_split\": {\"columns\": ["
        + String.join(", ", names)
        + "], \"data\": ["
        + String.join(", ", data)
        + "]}}";
  }

  private static String inferBody(ServedModel model) {
    List<String> tensors = new ArrayList<>();
    List<String> values = example(model);
    for (InputField f : model.inputs()) {
      tensors.add(
          "{\"name\": "
              + quote(f.name())
              + ", \"datatype\": \""
              + f.oipDatatype()
              + "\", \"shape\": [1], \"data\": ["
              + values.get(f.position())
              + "]}");
    }
    return "{\"inputs\": [" + String.join(", ", tensors) + "]}";
  }

  private void print(ServedModel model, int boundPort, double[] seconds, ModelService service) {
    PrintWriter out = spec.commandLine().getOut();
    String url = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + boundPort;
    String auth =
        authToken == null || authToken.isBlank()
            ? ""
            : " -H 'Authorization: Bearer $KILN_AUTH_TOKEN'";
    out.printf(
        "kiln serve: model '%s' (%s, %s) from %s ready in %.2f s (loaded %.2f s, warmed %.2f s)%n",
        model.name(),
        model.predictor().manifest().learner().library(),
        model.task(),
        bundle,
        seconds[0],
        seconds[1],
        seconds[2]);
    out.printf("listening on %s (Ctrl-C stops)%n", url);
    out.printf("prediction log: %s%n", service.log().root());
    out.println("try:");
    out.printf(
        "  curl -s %s/invocations%s -H 'Content-Type: application/json' -d '%s'%n",
        url, auth, splitBody(model, 1).replace("'", "'\\''"));
    out.printf("  curl -s %s/v2/models/%s%s%n", url, encode(model.name()), auth);
    out.printf("  curl -s %s/metrics%s%n", url, auth);
    out.flush();
  }
}
