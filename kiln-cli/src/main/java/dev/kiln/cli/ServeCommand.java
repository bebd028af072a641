package dev.kiln.cli;

import dev.kiln.cli.tracking.StoreOptions;
import dev.kiln.core.UserException;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.serve.model.ModelLoader;
import dev.kiln.serve.model.ModelRegistry;
import dev.kiln.serve.model.ModelService;
import dev.kiln.serve.model.ModelSource;
import dev.kiln.serve.model.ServedModel;
import dev.kiln.serve.model.Warmup;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code kiln serve}: answers HTTP predictions with models from the registry ({@code --model
 * fraud@champion}, followed with a hot swap when the alias moves) or bundle files, several per
 * process (docs/serving.md), until stopped (Ctrl-C or SIGTERM: requests in flight finish, the
 * prediction log is written, then it exits). The port opens at once; the models load in the
 * background and answer 503 until they are ready.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve models over HTTP: the Open Inference Protocol v2 (/v2/models/NAME/infer) and MLflow"
          + " scoring (/invocations), with a prediction log and /metrics. A model named by alias"
          + " (NAME@ALIAS) or by name alone (its latest version) follows the registry: a new"
          + " version is loaded, verified and warmed, then swapped in without failing a request."
    })
public final class ServeCommand implements Callable<Integer> {
  /** For tests: told when every model is ready, with the handle that stops the server. */
  static volatile Consumer<Running> onReady;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "NAME[@ALIAS|/N]",
      description =
          "A registered model to serve under NAME: NAME@ALIAS follows the alias, NAME alone"
              + " follows the latest version, NAME/N stays on version N. Repeatable.")
  List<String> models = new ArrayList<>();

  @Mixin TrafficOptions traffic;

  @Option(
      names = "--bundle",
      paramLabel = "PATH",
      description = "A model bundle (a folder or a .kiln file), served as version 1. Repeatable.")
  List<Path> bundles = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description =
          "The name the --bundle in the same position is served as (default: the bundle's name).")
  List<String> names = new ArrayList<>();

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

  @Option(
      names = "--poll-seconds",
      paramLabel = "S",
      defaultValue = "5",
      description =
          "How often a followed --model is checked for a new version (default: ${DEFAULT-VALUE}).")
  double pollSeconds;

  @Option(
      names = "--io-threads",
      paramLabel = "N",
      description =
          "Event-loop threads that read requests and score them (default: one per CPU)."
              + " docs/serving.md \"Settings\" says when fewer is faster.")
  Integer ioThreads;

  @Option(
      names = "--transport",
      paramLabel = "T",
      defaultValue = "auto",
      description =
          "How sockets are driven: auto (io_uring, else epoll, else nio), io_uring, epoll or nio"
              + " (default: ${DEFAULT-VALUE}).")
  String transport;

  @Mixin StoreOptions where;

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
    if (models.isEmpty() && bundles.isEmpty()) {
      throw new UserException(
          "Nothing to serve: give --model NAME[@ALIAS|/N] (from the registry) or --bundle PATH.");
    }
    if (port < 0 || port > 65535) {
      throw new UserException("--port must be 0..65535 but was " + port);
    }
    if (ioThreads != null && (ioThreads < 1 || ioThreads > 256)) {
      throw new UserException("--io-threads must be 1..256 but was " + ioThreads);
    }
    KilnServer.Io io = io(transport);
    ModelLoader.Builder loading =
        ModelLoader.builder().pollInterval(ModelServing.pollInterval(pollSeconds));
    boolean registry = !models.isEmpty() || traffic.any();
    Store store = registry ? where.open() : null;
    try {
      List<ModelSource> sources =
          ModelServing.sources(models, traffic.variants, traffic.shadows, bundles, names, store);
      sources.forEach(loading::source);
      // The first model loads first: when it is a bundle, it starts now (docs/serving.md).
      Path first = sources.get(0).bundle();
      BundlePrefetch prefetch = first == null ? null : BundlePrefetch.take(first);
      if (prefetch != null) {
        loading.bundleLoader(prefetch);
      }
      try {
        return serve(loading.store(store), sources.size(), io, start);
      } finally {
        if (prefetch != null) {
          prefetch.close();
        }
      }
    } finally {
      if (store != null) {
        store.close();
      }
    }
  }

  private int serve(ModelLoader.Builder loading, int count, KilnServer.Io io, long start)
      throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stop = new CountDownLatch(1);
    AtomicReference<RuntimeException> failed = new AtomicReference<>();
    AtomicReference<String> url = new AtomicReference<>();
    AtomicInteger boundPort = new AtomicInteger();
    ModelRegistry registry = new ModelRegistry();
    ModelService service = ModelServing.service(registry, logDir);
    // The models load (bundle checked, model built, warmed) on the loader's thread while this one
    // binds the port and builds the routes: the two halves of the start overlap on two cores. What
    // the ready message prints needs both, so it waits for the second of them.
    AtomicInteger untilAnnounced = new AtomicInteger(2);
    Runnable announce =
        () -> {
          if (untilAnnounced.decrementAndGet() == 0) {
            everyModelReady(registry, url.get(), boundPort.get(), service, stop);
          }
        };
    ModelLoader loader;
    try {
      loader =
          ModelServing.loader(
              loading, service, count, "kiln serve: ", out, err, start, failed, stop, announce);
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    loader.start();
    KilnServer server;
    try {
      KilnServer.Builder builder = KilnServer.builder().io(io);
      if (ioThreads != null) {
        builder.ioThreads(ioThreads);
      }
      server =
          builder
              .host(host)
              .port(port)
              .authToken(authToken == null || authToken.isBlank() ? null : authToken)
              .routes(service.routes(Routes.builder()))
              .build()
              .start();
    } catch (RuntimeException e) {
      loader.close();
      service.close();
      registry.close();
      throw e instanceof UserException
          ? new UserException(e.getMessage() + " (try another --port or --host)")
          : e;
    }
    boundPort.set(server.port());
    url.set("http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + server.port());
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = ModelServing.stopOnShutdown(stop, stopped, "kiln-serve-shutdown");
    ModelServing.println(
        out,
        String.format(
            "listening on %s (%s; Ctrl-C stops); loading %d model%s",
            url.get(), server.io().label(), count, count == 1 ? "" : "s"));
    try {
      announce.run();
      stop.await();
    } finally {
      loader.close(); // no swap after this
      server.close(); // finishes requests in flight
      service.close(); // then writes every logged prediction
      registry.close(); // then closes the predictors
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
    ModelServing.println(out, "kiln serve: stopped; prediction log written");
    return 0;
  }

  /** Prints how to try the server once every model is ready, and tells a test's hook. */
  private void everyModelReady(
      ModelRegistry registry, String url, int port, ModelService service, CountDownLatch stop) {
    ServedModel model = registry.defaultModel();
    String auth =
        authToken == null || authToken.isBlank()
            ? ""
            : " -H 'Authorization: Bearer $KILN_AUTH_TOKEN'";
    PrintWriter out = spec.commandLine().getOut();
    StringBuilder text = new StringBuilder();
    text.append(String.format("prediction log: %s%n", service.log().root()));
    text.append(String.format("try:%n"));
    text.append(
        String.format(
            "  curl -s %s/invocations%s -H 'Content-Type: application/json' -d '%s'%n",
            url, auth, Warmup.splitBody(model, 1).replace("'", "'\\''")));
    text.append(
        String.format("  curl -s %s/v2/models/%s%s%n", url, Warmup.encode(model.name()), auth));
    text.append(String.format("  curl -s %s/metrics%s%n", url, auth));
    if (traffic.any()) {
      for (String name : registry.names()) {
        text.append(
            String.format("  curl -s %s/v1/models/%s/traffic%s%n", url, Warmup.encode(name), auth));
      }
    }
    out.print(text);
    out.flush();
    Consumer<Running> ready = onReady;
    if (ready != null) {
      ready.accept(new Running(port, stop));
    }
  }

  static KilnServer.Io io(String transport) {
    for (KilnServer.Io io : KilnServer.Io.values()) {
      if (io.label().equals(transport)) {
        return io;
      }
    }
    throw new UserException(
        "--transport must be auto, io_uring, epoll or nio but was '" + transport + "'");
  }
}
