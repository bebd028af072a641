package dev.kiln.serve.model;

import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import dev.kiln.store.Store;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A model server on port 0, listening at once, whose models a {@link ModelLoader} loads in the
 * background from a store (polled every 100 ms), logging under a folder: the registry tests'
 * fixture. {@link #close()} stops the loader, the server, the service (writing the log) and the
 * registry, in that order.
 */
final class LoadingServer implements AutoCloseable {
  static final Duration POLL = Duration.ofMillis(100);

  final ModelRegistry registry = new ModelRegistry();
  final ModelService service;
  final KilnServer server;
  final ServingClient client;
  final ModelLoader loader;

  private LoadingServer(
      Path logDir, Store store, Consumer<ModelLoader.Builder> settings, ModelSource... sources) {
    service = ModelService.builder().registry(registry).logDir(logDir).version("test").build();
    server = KilnServer.builder().port(0).routes(service.routes(Routes.builder())).build().start();
    client = new ServingClient(server.port());
    ModelLoader.Builder b =
        ModelLoader.builder()
            .registry(registry)
            .store(store)
            .metrics(service.metrics())
            .pollInterval(POLL);
    settings.accept(b);
    for (ModelSource s : sources) {
      b.source(s);
    }
    loader = b.build().start();
  }

  /** Starts serving {@code sources}; {@code settings} adds to the loader's (its log, listeners). */
  static LoadingServer start(
      Path logDir, Store store, Consumer<ModelLoader.Builder> settings, ModelSource... sources) {
    return new LoadingServer(logDir, store, settings, sources);
  }

  @Override
  public void close() {
    loader.close();
    server.close();
    service.close();
    registry.close();
  }
}
