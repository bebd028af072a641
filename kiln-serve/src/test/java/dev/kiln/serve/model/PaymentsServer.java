package dev.kiln.serve.model;

import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Routes;
import java.nio.file.Path;

/**
 * A real model server on a free port serving {@link PaymentsModel} version 1 as {@code payments},
 * its prediction log under {@code logDir}, and a client for it.
 */
final class PaymentsServer implements AutoCloseable {
  final ServedModel model;
  final ModelService service;
  final KilnServer server;
  final ServingClient client;

  PaymentsServer(Path logDir) {
    model = PaymentsModel.served("1");
    ModelRegistry registry = new ModelRegistry();
    registry.put(model);
    service = ModelService.builder().registry(registry).logDir(logDir).version("test").build();
    server = KilnServer.builder().port(0).routes(service.routes(Routes.builder())).build().start();
    client = new ServingClient(server.port());
  }

  /** Stops the server, then writes the log. */
  @Override
  public void close() {
    server.close();
    service.close();
  }
}
