package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServeMetricsTest {
  @Test
  void theJvmFiguresAreThereAtTheFirstScrapeWithoutBeingBound() {
    try (ServeMetrics metrics = new ServeMetrics()) {
      metrics.request("infer", "m", "1", 200, 1_000);
      String text = metrics.scrape();
      assertThat(text)
          .contains("kiln_requests_seconds_count{endpoint=\"infer\",model=\"m\",status=\"200\"")
          .contains("jvm_memory_used_bytes")
          .contains("jvm_gc_")
          .contains("jvm_threads_live_threads")
          .contains("process_uptime_seconds");
    }
  }

  @Test
  void aNewServeMetricsBindsTheJvmFiguresOnlyWhenAsked() {
    try (ServeMetrics metrics = new ServeMetrics()) {
      assertThat(metrics.jvmBound()).isFalse();
      metrics.bindJvm();
      assertThat(metrics.jvmBound()).isTrue();
    }
  }
}
