package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {
  @TempDir Path dir;

  private static PredictionLog.Entry entry(ServedModel model, int rows, long millis) {
    List<Object[]> list = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      list.add(new Object[model.inputs().size()]);
    }
    return new PredictionLog.Entry(
        "abc-" + rows, millis, model, new Batch(model, list), new double[2 * rows], 1_000);
  }

  @Test
  void aFullQueueDropsAndCountsRowsInsteadOfWaiting() {
    ServedModel model = PaymentsModel.served("1");
    PredictionLog log = PredictionLog.start(dir, "w1", 5);
    // the writer may take entries at any time; what is not taken within the bound is dropped
    int accepted = 0;
    for (int i = 0; i < 1_000; i++) {
      if (log.offer(entry(model, 4, 0))) {
        accepted++;
      }
    }
    log.close();
    assertThat(log.dropped() + log.written()).isEqualTo(4_000);
    assertThat(log.written()).isEqualTo(4L * accepted);
    assertThat(log.offer(entry(model, 1, 0))).isFalse();
    assertThat(log.dropped()).isEqualTo(4_000 - 4L * accepted + 1);
    assertThat(log.depth()).isZero();
  }

  @Test
  void rowsArePartitionedByModelAndUtcHour() throws Exception {
    ServedModel model = PaymentsModel.served("1");
    PredictionLog log = PredictionLog.start(dir, "w2", 1_000);
    long ten = java.time.Instant.parse("2025-03-01T10:59:59Z").toEpochMilli();
    assertThat(log.offer(entry(model, 2, ten))).isTrue();
    assertThat(log.offer(entry(model, 3, ten + 1_000))).isTrue();
    log.close();
    Path hour10 = dir.resolve("predictions/model=payments/hour=2025-03-01T10/w2.jsonl");
    Path hour11 = dir.resolve("predictions/model=payments/hour=2025-03-01T11/w2.jsonl");
    assertThat(Files.readAllLines(hour10)).hasSize(2);
    assertThat(Files.readAllLines(hour11)).hasSize(3);
    assertThat(Files.readAllLines(hour11).get(2))
        .startsWith("{\"id\":\"abc-3\",\"row\":2,\"time\":\"2025-03-01T11:00:00Z\"");
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(2);
    }
  }

  @Test
  void aModelNameCannotLeaveTheLogFolder() {
    assertThat(PredictionLog.safe("../../etc")).isEqualTo("_._.._etc");
    assertThat(PredictionLog.safe("fraud v2")).isEqualTo("fraud_v2");
  }
}
