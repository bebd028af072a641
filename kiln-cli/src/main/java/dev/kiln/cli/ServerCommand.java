package dev.kiln.cli;

import dev.kiln.cli.tracking.StoreOptions;
import dev.kiln.core.UserException;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.serve.mlflow.MlflowApi;
import dev.kiln.serve.model.ModelLoader;
import dev.kiln.serve.model.ModelRegistry;
import dev.kiln.serve.model.ModelService;
import dev.kiln.serve.model.ModelSource;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln server}: the tracking and registry server, MLflow's REST API 2.0 over the store
 * (docs/rest-api.md); with {@code --model}, also the model server's routes for those models
 * (docs/serving.md). Runs until SIGINT or SIGTERM, then finishes the requests in flight, writes the
 * prediction log and closes the store.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the tracking store and model registry over MLflow's REST API 2.0, so MLflow"
          + " clients (MLFLOW_TRACKING_URI=http://HOST:PORT) log to Kiln; Kiln's extras under"
          + " /api/kiln. Stops on Ctrl-C or SIGTERM."
    })
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "The address to listen on; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "5000",
      description = "The port; 0 picks a free one (default: ${DEFAULT-VALUE}, as mlflow server).")
  int port;

  @Mixin StoreOptions where;

  @Option(
      names = "--auth-token",
      paramLabel = "TOKEN",
      description =
          "Require 'Authorization: Bearer TOKEN' on every request but /health and /ping (MLflow"
              + " clients send it from MLFLOW_TRACKING_TOKEN). Default: $KILN_AUTH_TOKEN, else"
              + " none.")
  String authToken;

  @Option(
      names = "--max-body-mb",
      defaultValue = "64",
      paramLabel = "MB",
      description =
          "The largest request body (an uploaded artifact) in MiB; larger ones get 413"
              + " (default: ${DEFAULT-VALUE}).")
  int maxBodyMb;

  @Option(
      names = "--model",
      paramLabel = "NAME[@ALIAS|/N]",
      description =
          "Also serve this registered model (/invocations, /v2/models/NAME, /metrics) from the"
              + " same store, as kiln serve does: NAME@ALIAS follows the alias, NAME alone the"
              + " latest version, NAME/N stays on version N. Repeatable.")
  List<String> models = new ArrayList<>();

  @Mixin TrafficOptions traffic;

  @Option(
      names = "--poll-seconds",
      paramLabel = "S",
      defaultValue = "5",
      description =
          "How often a followed --model is checked for a new version (default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(
      names = "--log-dir",
      paramLabel = "DIR",
      defaultValue = ".kiln",
      description =
          "With --model: where the prediction log goes, DIR/predictions/ (default:"
              + " ${DEFAULT-VALUE}).")
  Path logDir;

  /** For tests: told when the server listens and every --model is ready. */
  static volatile Consumer<ServeCommand.Running> onReady;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (maxBodyMb < 1 || maxBodyMb > 1024) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-body-mb must be 1..1024 but was " + maxBodyMb);
    }
    Duration poll = ModelServing.pollInterval(pollSeconds);
    String token = authToken != null ? authToken : System.getenv("KILN_AUTH_TOKEN");
    Store opened = where.open();
    try {
      return serve(opened, token, poll, start);
    } finally {
      opened.close();
    }
  }

  private int serve(Store opened, String token, Duration poll, long start) throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    AtomicInteger boundPort = new AtomicInteger();
    ModelRegistry registry = new ModelRegistry();
    ModelService service = null;
    ModelLoader loader = null;
    Routes.Builder routes = MlflowApi.addTo(Routes.builder(), opened);
    int loads = 0;
    if (!models.isEmpty() || traffic.any()) {
      ModelLoader.Builder loading = ModelLoader.builder().store(opened).pollInterval(poll);
      List<ModelSource> sources =
          ModelServing.sources(
              models, traffic.variants, traffic.shadows, List.of(), List.of(), opened);
      sources.forEach(loading::source);
      loads = sources.size();
      service = ModelServing.service(registry, logDir);
      try {
        loader =
            ModelServing.loader(
                loading,
                service,
                sources.size(),
                "kiln server: ",
                out,
                err,
                start,
                failed,
                stop,
                () -> ready(boundPort.get(), stop));
      } catch (RuntimeException e) {
        service.close();
        throw e;
      }
    }
    KilnServer server;
    try {
      server =
          KilnServer.builder()
              .host(host)
              .port(port)
              .authToken(token == null || token.isBlank() ? null : token)
              .maxBodyBytes(maxBodyMb * 1024 * 1024)
              .routes(service == null ? routes.build() : service.routes(routes))
              .build()
              .start();
    } catch (IllegalArgumentException e) {
      closeQuietly(service);
      throw new UserException(e.getMessage(), e);
    } catch (Exception e) { // Netty rethrows a failed bind (java.net.BindException) unchecked
      closeQuietly(service);
      if (e instanceof java.io.IOException || e.getCause() instanceof java.io.IOException) {
        throw new UserException(
            "Cannot listen on " + host + ":" + port + ": " + e.getMessage() + ".", e);
      }
      throw e;
    }
    boundPort.set(server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = ModelServing.stopOnShutdown(stop, stopped, "kiln-server-shutdown");
    String shown =
        host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    ModelServing.println(
        out,
        String.format(
            "kiln server: MLflow REST API on http://%s:%d over %s; stop with Ctrl-C%s",
            shown,
            server.port(),
            opened.url(),
            loads == 0
                ? ""
                : String.format(
                    "; loading %d model%s (/invocations, /v2)", loads, loads == 1 ? "" : "s")));
    try {
      if (loader == null) {
        ready(server.port(), stop);
      } else {
        loader.start();
      }
      stop.await();
    } finally {
      if (loader != null) {
        loader.close();
      }
      server.close();
      closeQuietly(service);
      registry.close();
      ModelServing.println(out, "kiln server: stopped");
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is what stopped us
      }
    }
    RuntimeException failure = failed.get();
    if (failure != null) {
      throw failure;
    }
    return 0;
  }

  private static void ready(int port, CountDownLatch stop) {
    Consumer<ServeCommand.Running> hook = onReady;
    if (hook != null) {
      hook.accept(new ServeCommand.Running(port, stop));
    }
  }

  private static void closeQuietly(ModelService service) {
    if (service != null) {
      service.close();
    }
  }
}
