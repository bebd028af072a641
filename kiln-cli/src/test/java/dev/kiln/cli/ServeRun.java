package dev.kiln.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code kiln serve} run on a thread of its own for a test: {@link #start} returns once every model
 * is ready, {@link #stop} stops it as Ctrl-C would and returns what it printed and its exit code.
 */
final class ServeRun {
  private final ServeCommand.Running server;
  private final CompletableFuture<CliRun> run;

  private ServeRun(ServeCommand.Running server, CompletableFuture<CliRun> run) {
    this.server = server;
    this.run = run;
  }

  /** Runs {@code kiln serve ARGS}; waits up to a minute for it to be ready. */
  static ServeRun start(String... args) throws Exception {
    CompletableFuture<ServeCommand.Running> ready = new CompletableFuture<>();
    ServeCommand.onReady = ready::complete;
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of(command));
    return new ServeRun(ready.get(60, TimeUnit.SECONDS), run);
  }

  int port() {
    return server.port();
  }

  /** Stops the server (requests in flight finish, the log is written); its run. */
  CliRun stop() throws Exception {
    server.stop();
    return run.get(60, TimeUnit.SECONDS);
  }
}
