package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.synth.Payments;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scoring streams: a CSV larger than the JVM's whole heap is scored in a child JVM. */
class PredictLargerThanHeapTest {
  private static final int HEAP_MB = 64;

  @TempDir Path dir;

  @Test
  void scoresACsvLargerThanTheHeap() throws Exception {
    Path bundle = TrainedBundles.train(dir.resolve("fraud.kiln"), "is_fraud", "logistic");
    Path csv = dir.resolve("big.csv");
    FrameWriter.write(Payments.generate(100_000, 3), csv);
    // Ten copies of the data rows: 1,000,000 rows, past the heap size cheaply.
    List<String> lines = Files.readAllLines(csv);
    List<String> body = lines.subList(1, lines.size());
    for (int i = 0; i < 9; i++) {
      Files.write(csv, body, StandardOpenOption.APPEND);
    }
    assertThat(Files.size(csv)).isGreaterThan(HEAP_MB * 1024L * 1024L);
    Path out = dir.resolve("scored.csv");

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + HEAP_MB + "m");
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.kiln.cli.Main",
            "--verbose",
            "predict",
            "--model",
            bundle.toString(),
            "--data",
            csv.toString(),
            "--out",
            out.toString(),
            "--keep",
            "payment_id"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("scored 1,000,000 rows");

    // Every copy of the data is scored the same, row for row: order kept across batches.
    List<String> first = new ArrayList<>();
    long rows = 0;
    try (BufferedReader r = Files.newBufferedReader(out)) {
      assertThat(r.readLine()).isEqualTo("payment_id,prediction,probability_0,probability_1");
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (rows < 100_000) {
          first.add(line);
        } else {
          assertThat(line).as("row %d", rows).isEqualTo(first.get((int) (rows % 100_000)));
        }
        rows++;
      }
    }
    assertThat(rows).isEqualTo(1_000_000);
  }
}
