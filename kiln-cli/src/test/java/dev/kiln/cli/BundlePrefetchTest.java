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

  @Test
  void mainStartsTheLoadAheadOnlyForKilnServeWhoseFirstModelIsABundle() {
    Path bundle = TrainedBundles.train(dir.resolve("fraud"), "is_fraud", "logistic");
    String b = bundle.toString();
    for (String[] args :
        new String[][] {
          {"serve", "--bundle", b},
          {"--verbose", "serve", "--port", "0", "--bundle=" + b, "--name", "x"},
          {"serve", "--bundle", b, "--bundle", dir.resolve("other").toString()}
        }) {
      BundlePrefetch ahead = BundlePrefetch.ahead(args);
      assertThat(ahead).as(String.join(" ", args)).isNotNull();
      assertThat(BundlePrefetch.take(bundle)).isSameAs(ahead); // serve takes it
      ahead.close();
    }
    for (String[] args :
        new String[][] {
          {"serve", "--model", "fraud", "--bundle", b}, // the first model is the registry's
          {"serve", "--model=fraud", "--bundle", b},
          {"serve", "--port", "0"},
          {"serve", "--bundle"},
          {"predict", "--bundle", b},
          {"--bundle", b},
          {}
        }) {
      assertThat(BundlePrefetch.ahead(args)).as(String.join(" ", args)).isNull();
    }
  }

  @Test
  void aLoadAheadOfAnotherPathIsClosedAndTheLoaderGetsItsOwn() {
    Path bundle = TrainedBundles.train(dir.resolve("fraud"), "is_fraud", "logistic");
    Path copy = dir.resolve("fraud").resolve(".").resolve("..").resolve("fraud");
    BundlePrefetch ahead = BundlePrefetch.ahead("serve", "--bundle", copy.toString());
    try (BundlePrefetch taken = BundlePrefetch.take(bundle);
        Predictor p = taken.load(bundle)) {
      assertThat(taken).isNotSameAs(ahead);
      assertThat(p.inputNames()).isNotEmpty();
    }
    try (Predictor anew = ahead.load(copy)) { // closed by take: a new load
      assertThat(anew.inputNames()).isNotEmpty();
    }
    BundlePrefetch.closeAhead(); // nothing left: no effect
    try (BundlePrefetch again = BundlePrefetch.take(bundle)) {
      assertThat(again).isNotSameAs(ahead);
    }
  }
}
