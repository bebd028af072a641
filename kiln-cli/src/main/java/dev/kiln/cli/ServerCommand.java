package dev.kiln.cli;

import dev.kiln.cli.tracking.StoreOptions;
import dev.kiln.core.UserException;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.serve.mlflow.MlflowApi;
import dev.kiln.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kiln server}: the tracking and registry server, MLflow's REST API 2.0 over the store
 * (docs/rest-api.md). Runs until SIGINT or SIGTERM, then finishes the requests in flight and closes
 * the store.
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

  @Override
  public Integer call() throws Exception {
    if (maxBodyMb < 1 || maxBodyMb > 1024) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--max-body-mb must be 1..1024 but was " + maxBodyMb);
    }
    String token = authToken != null ? authToken : System.getenv("KILN_AUTH_TOKEN");
    Store opened = where.open();
    KilnServer server;
    try {
      Routes routes = MlflowApi.addTo(Routes.builder(), opened).build();
      server =
          KilnServer.builder()
              .host(host)
              .port(port)
              .authToken(token == null || token.isBlank() ? null : token)
              .maxBodyBytes(maxBodyMb * 1024 * 1024)
              .routes(routes)
              .build()
              .start();
    } catch (IllegalArgumentException e) {
      opened.close();
      throw new UserException(e.getMessage(), e);
    } catch (Exception e) { // Netty rethrows a failed bind (java.net.BindException) unchecked
      opened.close();
      if (e instanceof java.io.IOException || e.getCause() instanceof java.io.IOException) {
        throw new UserException(
            "Cannot listen on " + host + ":" + port + ": " + e.getMessage() + ".", e);
      }
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  opened.close();
                  out.println("kiln server: stopped");
                  out.flush();
                  stopped.countDown();
                },
                "kiln-server-shutdown"));
    String shown =
        host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    out.printf(
        "kiln server: MLflow REST API on http://%s:%d over %s; stop with Ctrl-C%n",
        shown, server.port(), opened.url());
    out.flush();
    stopped.await();
    return 0;
  }
}
