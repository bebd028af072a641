package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.synth.Payments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Profiling streams: a CSV larger than the JVM's whole heap is profiled in a child JVM. */
class ProfileLargerThanHeapTest {
  private static final int HEAP_MB = 64;

  @TempDir Path dir;

  @Test
  void profilesACsvLargerThanTheHeap() throws Exception {
    Path csv = dir.resolve("big.csv");
    FrameWriter.write(Payments.generate(100_000, 3), csv);
    // Repeat the data rows to pass the heap size cheaply: ten copies, 1,000,000 rows.
    List<String> lines = Files.readAllLines(csv);
    List<String> body = lines.subList(1, lines.size());
    for (int i = 0; i < 9; i++) {
      Files.write(csv, body, java.nio.file.StandardOpenOption.APPEND);
    }
    long size = Files.size(csv);
    assertThat(size).isGreaterThan(HEAP_MB * 1024L * 1024L);

    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + HEAP_MB + "m");
    if (Runtime.version().feature() >= 22) {
      cmd.add("--enable-native-access=ALL-UNNAMED");
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.kiln.cli.Main",
            "data",
            "profile",
            csv.toString(),
            "--out-dir",
            dir.toString(),
            "--no-html"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    JsonNode profile = Json.mapper().readTree(dir.resolve("big.profile.json").toFile());
    assertThat(profile.get("rows").asLong()).isEqualTo(1_000_000);
    assertThat(profile.get("columns")).hasSize(13);
  }
}
