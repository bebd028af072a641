package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartTest {
  @TempDir Path dir;

  @Test
  void generatesProfilesAndSaysWhatToRunNext() throws Exception {
    Path work = dir.resolve("qs");
    CliRun run = CliRun.of("quickstart", "--dir", work.toString(), "--rows", "5000");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(work.resolve("payments.csv")).exists();
    assertThat(work.resolve("payments.schema.yaml")).exists();
    assertThat(work.resolve("payments.profile.html")).exists();
    JsonNode profile = Json.mapper().readTree(work.resolve("payments.profile.json").toFile());
    assertThat(profile.get("rows").asLong()).isEqualTo(5000);
    assertThat(profile.get("digest").asText()).startsWith("sha256:");
    assertThat(run.out()).contains("Next:").contains(profile.get("digest").asText());
    long trainRows = Files.lines(work.resolve("payments.train.csv")).count() - 1;
    long testRows = Files.lines(work.resolve("payments.test.csv")).count() - 1;
    assertThat(trainRows + testRows).isEqualTo(5000);
    assertThat(testRows).isBetween(1000L, 2500L); // May and June of six months
    assertThat(run.out())
        .contains("payments.train.csv: valid")
        .containsPattern("payments.test.csv: [0-9,]+ violations")
        .contains("allowed of column 'merchant_category'");
    for (String bundle : new String[] {"fraud-lightgbm.kiln", "fraud-logistic.kiln"}) {
      try (dev.kiln.core.predict.Predictor p =
          dev.kiln.core.predict.Predictor.load(work.resolve(bundle))) {
        assertThat(p.classes()).containsExactly("0", "1");
      }
    }
    assertThat(run.out())
        .containsPattern("lightgbm +AUC 0\\.[0-9]{4} \\[0\\.[0-9]{4}, 0\\.[0-9]{4}\\]")
        .containsPattern(
            "difference [-+]0\\.[0-9]{4}, 95% CI \\[[-+]0\\.[0-9]{4}, [-+]0\\.[0-9]{4}\\]");
    // both trainings are runs in the folder's own store, the better model is the champion
    String store = "sqlite:" + work.resolve(".kiln/kiln.db");
    CliRun runs = CliRun.of("runs", "list", "--experiment", "quickstart", "--store", store);
    assertThat(runs.out()).contains("lightgbm").contains("logistic").contains("FINISHED");
    assertThat(runs.out().lines().count()).isEqualTo(3);
    CliRun champion = CliRun.of("models", "show", "fraud@champion", "--store", store);
    assertThat(champion.exit()).as(champion.err()).isZero();
    // the model the quickstart judged better (and scored the batch with) is the champion
    String better =
        run.out().contains("payments with fraud-logistic.kiln") ? "logistic" : "lightgbm";
    assertThat(champion.out()).contains("model fraud version 1").contains("learner      " + better);
    assertThat(run.out())
        .contains("registered fraud-" + better + ".kiln as fraud/1, alias champion");
    List<String> scored = Files.readAllLines(work.resolve("payments.test.scored.csv"));
    assertThat(scored.get(0)).isEqualTo("payment_id,prediction,probability_0,probability_1");
    assertThat(scored).hasSize((int) testRows + 1);
    assertServedRealRequestsWithFeedback(run.out(), work.resolve(".kiln"));
  }

  /** Step 7: the champion answered over HTTP, and its logs hold the predictions and outcomes. */
  private static void assertServedRealRequestsWithFeedback(String out, Path logs) throws Exception {
    assertThat(out)
        .containsPattern("\\[7\\] served fraud/1 on http://127\\.0\\.0\\.1:[0-9]+ and sent it")
        .containsPattern(
            "POST /invocations \\(3 payments\\) +200  predictions \\[[01],[01],[01]\\]")
        .containsPattern("POST /v2/models/fraud/infer \\(1 payment\\) +200  probability \\[0\\.")
        .containsPattern("POST /v1/feedback \\(4 outcomes\\) +200  \\{\"accepted\":4\\}")
        .containsPattern(
            "DuckDB joins them: 4 predictions with their true outcome, [0-4] predicted")
        .contains("./kiln serve --bundle ")
        .contains("curl -s localhost:8080/invocations -H 'Content-Type: application/json' -d '");
    List<JsonNode> predictions = lines(logs.resolve("predictions"));
    List<JsonNode> feedback = lines(logs.resolve("feedback"));
    assertThat(predictions).hasSize(4);
    assertThat(feedback).hasSize(4);
    // every outcome names a logged prediction's id and row, and the model that answered it
    for (JsonNode f : feedback) {
      assertThat(predictions)
          .anySatisfy(
              p -> {
                assertThat(p.get("id").asText()).isEqualTo(f.get("prediction_id").asText());
                assertThat(p.get("row").asInt()).isEqualTo(f.get("row").asInt());
              });
      assertThat(f.get("model").asText()).isEqualTo("fraud");
      assertThat(f.get("version").asText()).isEqualTo("1");
      assertThat(f.get("outcome").asInt()).isBetween(0, 1);
      assertThat(out).contains("id " + f.get("prediction_id").asText());
    }
    assertThat(feedback.get(3).get("outcome").asInt()).isEqualTo(1); // the fraud it picked
  }

  private static List<JsonNode> lines(Path folder) throws Exception {
    List<JsonNode> lines = new java.util.ArrayList<>();
    try (var files = Files.walk(folder)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          lines.add(Json.mapper().readTree(line));
        }
      }
    }
    return lines;
  }

  @Test
  void theSameSeedGivesTheSameData() throws Exception {
    CliRun.of("quickstart", "--dir", dir.resolve("a").toString(), "--rows", "2000", "--seed", "7");
    CliRun.of("quickstart", "--dir", dir.resolve("b").toString(), "--rows", "2000", "--seed", "7");
    CliRun.of("quickstart", "--dir", dir.resolve("c").toString(), "--rows", "2000", "--seed", "8");
    byte[] a = Files.readAllBytes(dir.resolve("a/payments.csv"));
    assertThat(Files.readAllBytes(dir.resolve("b/payments.csv"))).isEqualTo(a);
    assertThat(Files.readAllBytes(dir.resolve("c/payments.csv"))).isNotEqualTo(a);
  }

  @Test
  void refusesTooFewRows() {
    CliRun run = CliRun.of("quickstart", "--dir", dir.toString(), "--rows", "10");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("--rows must be at least 1000 but was 10");
  }
}
