package dev.kiln.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlePrefetchTest {
  @TempDir Path dir;

  @Test
  void theLoaderGetsThePredictorLoadedAheadOnceThenLoadsAsUsual() {
    Path bundle = TrainedBundles.train(dir.resolve("fraud.kiln"), "is_fraud", "logistic");
    try (BundlePrefetch prefetch = BundlePrefetch.start(bundle);
        Predictor first = prefetch.load(bundle);
        Predictor again = prefetch.load(bundle)) {
      assertThat(first.inputNames()).isNotEmpty();
      assertThat(again).isNotSameAs(first);
      assertThat(again.inputNames()).isEqualTo(first.inputNames());
    }
  }

  @Test
  void aFailedLoadAheadIsThrownAsPredictorLoadThrowsIt() throws Exception {
    Path missing = dir.resolve("missing.kiln");
    try (BundlePrefetch prefetch = BundlePrefetch.start(missing)) {
      assertThatThrownBy(() -> prefetch.load(missing))
          .isInstanceOf(UserException.class)
          .hasMessage("model bundle not found: " + missing);
    }
    Path tampered = TrainedBundles.train(dir.resolve("tampered"), "is_fraud", "logistic");
    Path manifest = tampered.resolve("kiln-model.json");
    Files.writeString(manifest, Files.readString(manifest).replace("\"binary\"", "\"binar\""));
    try (BundlePrefetch prefetch = BundlePrefetch.start(tampered)) {
      assertThatThrownBy(() -> prefetch.load(tampered))
          .isInstanceOf(UserException.class)
          .hasMessageContaining("kiln-model.json was changed after the bundle was written");
    }
  }

  @Test
  void closingWithoutALoaderClosesThePredictorLoadedAhead() {
    Path bundle = TrainedBundles.train(dir.resolve("fraud"), "is_fraud", "logistic");
    BundlePrefetch prefetch = BundlePrefetch.start(bundle);
    prefetch.close();
    try (Predictor anew = prefetch.load(bundle)) { // the one loaded ahead is gone: a new load
      assertThat(anew.inputNames()).isNotEmpty();
    }
  }
}
