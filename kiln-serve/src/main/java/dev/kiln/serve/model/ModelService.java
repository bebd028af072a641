package dev.kiln.serve.model;

import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The model server's service: the models of a {@link ModelRegistry} answered over the Open
 * Inference Protocol v2 ({@code /v2/...}) and MLflow's scoring protocol ({@code /invocations}),
 * each prediction logged ({@link PredictionLog}) and measured ({@code GET /metrics}).
 *
 * <pre>
 *   ModelService service = ModelService.builder().registry(registry).logDir(dir).build();
 *   KilnServer server = KilnServer.builder().routes(service.routes(Routes.builder())).build().start();
 *   ...
 *   server.close();   // finishes requests in flight
 *   service.close();  // then writes every logged prediction
 * </pre>
 */
public final class ModelService implements AutoCloseable {
  private final ModelRegistry registry;
  private final PredictionLog log;
  private final ServeMetrics metrics;
  private final Scorer scorer;
  private final Shadows shadows;
  private final String version;

  private ModelService(Builder b) {
    this.registry = b.registry;
    this.version = b.version;
    this.metrics = new ServeMetrics();
    String writer = b.instanceId;
    this.log = b.logDir == null ? null : PredictionLog.start(b.logDir, writer, b.logCapacity);
    if (log != null) {
      metrics.watch(log);
    }
    this.scorer = new Scorer(log, metrics, b.clock, writer);
    this.shadows = new Shadows(scorer, metrics);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Adds the scoring, metadata, health, metrics, feedback and OpenAPI routes; builds them. */
  public Routes routes(Routes.Builder routes) {
    new OipV2(registry, scorer, metrics, shadows, version).addTo(routes);
    new Invocations(registry, scorer, metrics, shadows, version).addTo(routes);
    new TrafficApi(registry).addTo(routes);
    routes.add(Route.get("/metrics", this::metrics));
    new FeedbackApi(registry, scorer, metrics, log == null ? null : log.root().getParent())
        .addTo(routes);
    routes.add(OpenApiDocument.route(version));
    return routes.build();
  }

  private Response metrics(Request request) {
    return Response.of(
        200,
        "text/plain; version=0.0.4; charset=utf-8",
        metrics.scrape().getBytes(StandardCharsets.UTF_8));
  }

  public ModelRegistry registry() {
    return registry;
  }

  /** The service's metrics, which a {@link ModelLoader} also counts its loads in. */
  public ServeMetrics metrics() {
    return metrics;
  }

  /** The prediction log, or {@code null} when the service logs nothing. */
  public PredictionLog log() {
    return log;
  }

  /**
   * Scores the copies queued for shadows, then writes every queued prediction and closes the log;
   * close the HTTP server first.
   */
  @Override
  public void close() {
    try {
      shadows.close();
      if (log != null) {
        log.close();
      }
    } finally {
      metrics.close();
    }
  }

  /** The service's configuration. */
  public static final class Builder {
    private ModelRegistry registry = new ModelRegistry();
    private Path logDir;
    private long logCapacity = 16_384;
    private Clock clock = Clock.systemUTC();
    private String version = "dev";
    private String instanceId;

    private Builder() {}

    /** The models to serve; default an empty registry to {@code put} models in later. */
    public Builder registry(ModelRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Log predictions under {@code dir/predictions/}; default: no log. */
    public Builder logDir(Path dir) {
      this.logDir = dir;
      return this;
    }

    /**
     * Rows the log may hold in memory before it drops; default 16,384 (about 10 MB for 30 inputs; a
     * second of logging at 16k rows/s).
     */
    public Builder logCapacity(long rows) {
      if (rows <= 0) {
        throw new IllegalArgumentException("logCapacity must be positive but was " + rows);
      }
      this.logCapacity = rows;
      return this;
    }

    /** The clock that stamps logged predictions; default the system's, in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The version {@code /version} and {@code GET /v2} report; default "dev". */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * This server's id: the prefix of its prediction ids and the name of its log files; default 12
     * random hex digits (so ids stay unique across restarts and servers).
     */
    public Builder instanceId(String id) {
      this.instanceId = Objects.requireNonNull(id, "id");
      return this;
    }

    public ModelService build() {
      if (instanceId == null) {
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        instanceId = HexFormat.of().formatHex(random);
      }
      return new ModelService(this);
    }
  }
}
