package dev.kiln.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.predict.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bundles written by an earlier Kiln (format version 1, committed under golden/v1) keep loading and
 * predict what they predicted when they were written, bit for bit.
 */
class GoldenBundleTest {
  static Stream<GoldenBundles.Golden> goldens() {
    return GoldenBundles.ALL.stream();
  }

  @ParameterizedTest
  @MethodSource("goldens")
  void goldenBundleFromFormatVersionOneStillPredictsTheSame(GoldenBundles.Golden g)
      throws Exception {
    Path dir = Path.of(GoldenBundleTest.class.getResource("/golden/v1").toURI());
    List<String> expected = Files.readAllLines(dir.resolve(g.bundle() + ".expected.csv"));
    try (Predictor p = Predictor.load(dir.resolve(g.bundle()))) {
      assertThat(p.manifest().formatVersion()).isEqualTo(1);
      double[] predictions = p.predict(GoldenBundles.dataset(g.dataset()).head(GoldenBundles.ROWS));
      assertThat(expected).hasSize(GoldenBundles.ROWS);
      for (int r = 0; r < GoldenBundles.ROWS; r++) {
        String[] values = expected.get(r).split(",");
        assertThat(values).hasSize(p.width());
        for (int c = 0; c < p.width(); c++) {
          assertThat(predictions[r * p.width() + c])
              .as("%s row %d output %d", g.bundle(), r, c)
              .isEqualTo(Double.parseDouble(values[c]));
        }
      }
    }
  }
}
