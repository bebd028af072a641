package dev.kiln.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one SQLite store: nothing lost, and a killed writer leaves no half change.
 */
class MultiProcessSqliteTest {
  @TempDir Path dir;

  @Test
  void twoProcessesLoggingAtOnceLoseNoMetric() throws Exception {
    String url = "sqlite:" + dir.resolve("kiln.db");
    String runId;
    try (Store store = Store.open(url)) {
      String exp = store.tracking().createExperiment("e", null, Map.of());
      runId = store.tracking().createRun(NewRun.in(exp)).id();
    }
    int n = 400;
    Process a =
        ChildProcess.start(dir.resolve("a.log"), MetricWriterMain.class, url, runId, "a", "" + n);
    Process b =
        ChildProcess.start(dir.resolve("b.log"), MetricWriterMain.class, url, runId, "b", "" + n);
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(a.exitValue()).as(Files.readString(dir.resolve("a.log"))).isZero();
    assertThat(b.exitValue()).as(Files.readString(dir.resolve("b.log"))).isZero();
    try (Store store = Store.open(url)) {
      List<Metric> ha = store.tracking().metricHistory(runId, "a");
      List<Metric> hb = store.tracking().metricHistory(runId, "b");
      assertThat(ha).hasSize(n);
      assertThat(hb).hasSize(n);
      assertThat(ha.get(n - 1)).isEqualTo(new Metric("a", n - 1, 1_000L + n - 1, n - 1));
      assertThat(store.tracking().getRun(runId).metrics().get("b").step()).isEqualTo(n - 1);
    }
  }

  @Test
  void aRegistrarKilledMidwayLeavesOnlyCompleteVersionsAndAnAliasOnOne() throws Exception {
    String url = "sqlite:" + dir.resolve("kiln.db");
    try (Store store = Store.open(url)) {
      store.registry().createRegisteredModel("m", null, Change.by("test"));
    }
    Process p = ChildProcess.start(dir.resolve("reg.log"), RegistrarMain.class, url, "m");
    try (Store store = Store.open(url)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (store.registry().getRegisteredModel("m").latestVersion() < 20
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no rollback by the JVM
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (Store store = Store.open(url)) {
      List<ModelVersion> versions = store.registry().modelVersions("m");
      assertThat(versions.size())
          .as(Files.readString(dir.resolve("reg.log")))
          .isGreaterThanOrEqualTo(20);
      List<AuditEntry> audit = store.registry().audit("m");
      for (ModelVersion v : versions) {
        assertThat(v.status()).isEqualTo(ModelVersionStatus.READY);
        try (InputStream in = store.artifacts().open(v.bundleDigest())) {
          assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
              .startsWith("bundle ");
        }
        assertThat(audit)
            .filteredOn(
                e -> e.action().equals("CREATE_MODEL_VERSION") && e.version() == v.version())
            .hasSize(1);
      }
      assertThat(audit)
          .filteredOn(e -> e.action().equals("CREATE_MODEL_VERSION"))
          .hasSameSizeAs(versions);
      ModelVersion champion = store.registry().getModelVersionByAlias("m", "champion");
      assertThat(versions).contains(champion);
      AuditEntry lastMove =
          audit.stream()
              .filter(e -> e.action().equals("SET_ALIAS"))
              .reduce((x, y) -> y)
              .orElseThrow();
      assertThat(lastMove.version()).isEqualTo(champion.version());
    }
  }
}
