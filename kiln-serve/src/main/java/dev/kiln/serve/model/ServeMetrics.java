package dev.kiln.serve.model;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model server's figures for {@code GET /metrics} (Prometheus text, through Micrometer):
 * requests and their latency per model, version, endpoint and status ({@code kiln_requests_seconds}
 * histogram), rows predicted, model versions loaded and refused, the prediction log's queue depth
 * and drops, feedback items written per model, and the JVM's memory, GC, threads and CPU.
 *
 * <p>The JVM's figures are bound by {@link #bindJvm()} (or at the first scrape), not at
 * construction: Micrometer's JVM binders load and initialise a few hundred classes (JMX, GC
 * notifications), which would delay a server's start by a tenth of a second or more, and a
 * warm-up's private metrics never need them. GC pauses are therefore counted from that moment on.
 */
public final class ServeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  // Keys of the strings a request already holds: their hashes are cached in the strings, where a
  // key made by concatenation was a new string to allocate and hash on every request.
  private record TimerKey(String endpoint, String model, String version, int status) {}

  private final ConcurrentHashMap<TimerKey, Timer> timers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> feedback = new ConcurrentHashMap<>();
  private JvmGcMetrics gc; // guarded by this
  private boolean closed; // guarded by this

  /** Metrics without the JVM's figures; {@link #bindJvm()} adds them. */
  public ServeMetrics() {}

  /**
   * Binds the JVM's memory, GC, thread, class-loading, CPU and uptime figures; the second call does
   * nothing. A server calls it once it is ready to answer; {@link #scrape()} calls it too.
   */
  public synchronized void bindJvm() {
    if (gc != null || closed) {
      return;
    }
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** Whether {@link #bindJvm()} has run (for tests). */
  synchronized boolean jvmBound() {
    return gc != null;
  }

  /** Watches a prediction log's queue depth and drops. */
  public void watch(PredictionLog log) {
    Gauge.builder("kiln_prediction_log_queue_depth", log, PredictionLog::depth)
        .description("Predictions waiting to be written to the log")
        .register(registry);
    FunctionCounter.builder("kiln_prediction_log_dropped", log, PredictionLog::dropped)
        .description("Predictions not logged because the log's queue was full")
        .register(registry);
    FunctionCounter.builder("kiln_prediction_log_written_rows", log, PredictionLog::written)
        .description("Rows written to the prediction log")
        .register(registry);
  }

  /** Records one request; {@code model}/{@code version} are empty when none was resolved. */
  void request(String endpoint, String model, String version, int status, long nanos) {
    TimerKey key = new TimerKey(endpoint, model, version, status);
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("kiln_requests")
                      .description("Scoring requests by model, version, endpoint and status")
                      .tag("endpoint", endpoint)
                      .tag("model", model)
                      .tag("version", version)
                      .tag("status", Integer.toString(status))
                      .publishPercentileHistogram()
                      .minimumExpectedValue(Duration.ofNanos(50_000))
                      .maximumExpectedValue(Duration.ofSeconds(10))
                      .register(registry));
    }
    timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  /** Counts rows predicted by a model version. */
  void rows(ServedModel model, int n) {
    String key = model.key();
    Counter counter = rows.get(key);
    if (counter == null) {
      counter =
          rows.computeIfAbsent(
              key,
              k ->
                  Counter.builder("kiln_predicted_rows")
                      .description("Rows predicted")
                      .tag("model", model.name())
                      .tag("version", model.version())
                      .register(registry));
    }
    counter.increment(n);
  }

  /** Counts one feedback item written; {@code model} is null when the feedback named none. */
  void feedback(String model) {
    String name = model == null ? "" : model;
    feedback
        .computeIfAbsent(
            name,
            k ->
                Counter.builder("kiln_feedback")
                    .description("Feedback items (true outcomes) written, by model")
                    .tag("model", k)
                    .register(registry))
        .increment();
  }

  /**
   * Counts a request copied to a shadow, by what became of it: {@code answered} (scored and
   * logged), {@code failed} (the shadow could not read or score it: its inputs differ, say) or
   * {@code dropped} (the shadows' queue was full, or the server stopping).
   */
  void shadow(ServedModel model, String outcome) {
    Counter.builder("kiln_shadow_requests")
        .description("Requests copied to a shadow model, by outcome")
        .tag("model", model.name())
        .tag("version", model.version())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Counts a model version loaded, verified, warmed and put into service. */
  void modelLoaded(String model, String version) {
    Counter.builder("kiln_model_loads")
        .description("Model versions loaded, verified, warmed and put into service")
        .tag("model", model)
        .tag("version", version)
        .register(registry)
        .increment();
  }

  /** Counts a model version that could not be loaded or verified (the old one kept serving). */
  void modelLoadFailed(String model, String version) {
    Counter.builder("kiln_model_load_failures")
        .description("Model versions that failed to load or verify and were not put into service")
        .tag("model", model)
        .tag("version", version)
        .register(registry)
        .increment();
  }

  /** Every metric in Prometheus text format 0.0.4. */
  public String scrape() {
    bindJvm();
    return registry.scrape();
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (gc != null) {
        gc.close();
      }
    }
    registry.close();
  }
}
