package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.serve.Routes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcomes are checked against the kind of model that answered (routing without a socket). */
class FeedbackOutcomeTest {
  @TempDir Path dir;

  private static Response post(Routes routes, String path, String body) {
    return routes.respond(
        Request.of(
            "POST",
            path,
            Map.of("Content-Type", "application/json"),
            body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRegressorTakesNumbersAndAClassifierItsLabels() throws Exception {
    ModelRegistry registry = new ModelRegistry();
    registry.put(AmountRegressor.served(dir));
    registry.put(PaymentsModel.served("1"));
    try (ModelService service =
        ModelService.builder().registry(registry).logDir(dir).instanceId("r1").build()) {
      Routes routes = service.routes(Routes.builder());
      Response scored =
          post(
              routes,
              "/invocations?model=amount",
              "{\"dataframe_records\": [{\"channel\": \"web\", \"card_present\": false,"
                  + " \"txn_last_24h\": 2}]}");
      assertThat(scored.status()).as(scored.bodyText()).isEqualTo(200);
      String id = scored.headers().get("X-Prediction-Id");

      Response text =
          post(
              routes, "/v1/feedback", "{\"prediction_id\": \"" + id + "\", \"outcome\": \"12.5\"}");
      assertThat(text.status()).isEqualTo(400);
      assertThat(text.bodyText())
          .contains(
              "outcome must be a number for the regression model 'amount' but was the string"
                  + " '12.5'.");
      Response label =
          post(
              routes,
              "/v1/feedback",
              "{\"prediction_id\": \"other-1\", \"outcome\": 2, \"model\": \"payments\"}");
      assertThat(label.status()).as(label.bodyText()).isEqualTo(400);
      assertThat(label.bodyText())
          .contains("outcome is 2 but model 'payments' has the classes 0, 1.");
      Response number =
          post(routes, "/v1/feedback", "{\"prediction_id\": \"" + id + "\", \"outcome\": 12}");
      assertThat(number.status()).as(number.bodyText()).isEqualTo(200);
      // a regressor's outcome is written as a number, with the model and version that answered
      String line;
      try (var files = Files.walk(dir.resolve("feedback"))) {
        Path file = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1); // the classifier's '2' was refused
        line = lines.get(0);
      }
      assertThat(line)
          .startsWith("{\"prediction_id\":\"" + id + "\",\"row\":0,\"outcome\":12.0,\"time\":")
          .endsWith(",\"model\":\"amount\",\"version\":\"7\"}");
    }
  }
}
