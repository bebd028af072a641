package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Out-of-fold target encoding: smoothing, the prior, the folds, and no leakage of a row's label.
 */
class TargetEncodingTest {
  static final Frame FRAME =
      new Frame(
          List.of(
              TestFrames.strings(
                  "c",
                  ColumnType.CATEGORICAL,
                  "a",
                  "a",
                  "a",
                  "a",
                  "b",
                  "b",
                  "b",
                  "b",
                  "solo",
                  null)));
  static final double[] Y = {1, 1, 0, 1, 0, 0, 1, 0, 1, 1};

  @Test
  void fullDataEncodingIsTheSmoothedMeanWithThePriorForUnseen() {
    FittedPipeline p = Pipeline.builder().add("c", new TargetEncode(2, 2)).build().fit(FRAME, Y, 3);
    TargetEncodingFit f = (TargetEncodingFit) p.transforms().get(0);

    double prior = 6.0 / 10;
    assertThat(f.prior()).isCloseTo(prior, within(1e-15));
    assertThat(f.categories()).containsExactly("a", "b", "solo");
    assertThat(f.encodings().get(0)).isCloseTo((3 + 2 * prior) / (4 + 2), within(1e-15));
    assertThat(f.encodings().get(1)).isCloseTo((1 + 2 * prior) / (4 + 2), within(1e-15));
    assertThat(f.encodings().get(2)).isCloseTo((1 + 2 * prior) / (1 + 2), within(1e-15));
    assertThat(f.nullEncoding()).isCloseTo((1 + 2 * prior) / (1 + 2), within(1e-15));
    assertThat(p.transformRow(new Object[] {"never seen"})[0]).isEqualTo(f.prior());
  }

  @Test
  void trainingRowsAreEncodedWithoutTheirOwnLabel() {
    // without smoothing, a category seen once has no other-fold rows: it gets the other folds'
    // prior
    Pipeline pipeline = Pipeline.builder().add("c", new TargetEncode(5, 0)).build();
    Pipeline.Fitted fitted = pipeline.fitTransform(FRAME, Y, 11);
    int[] fold = Fitter.folds(10, 5, 11);

    for (int r = 0; r < 10; r++) {
      double sum = 0;
      int count = 0;
      double otherSum = 0;
      int other = 0;
      for (int j = 0; j < 10; j++) {
        if (fold[j] != fold[r]) {
          otherSum += Y[j];
          other++;
          if (java.util.Objects.equals(FRAME.column("c").get(j), FRAME.column("c").get(r))) {
            sum += Y[j];
            count++;
          }
        }
      }
      double expected = count == 0 ? otherSum / other : sum / count;
      assertThat(fitted.training().get(r, 0)).as("row %d", r).isCloseTo(expected, within(1e-15));
    }
    // the lone "solo" row (label 1) is not encoded as 1, which the full-data encoding would do
    assertThat(fitted.training().get(8, 0)).isLessThan(1.0);
    assertThat(fitted.pipeline().transformRow(new Object[] {"solo"})[0]).isEqualTo(1.0);
  }

  @Test
  void foldsAreFixedByTheSeedAndBalanced() {
    int[] a = Fitter.folds(1000, 5, 42);
    assertThat(Fitter.folds(1000, 5, 42)).isEqualTo(a);
    assertThat(Fitter.folds(1000, 5, 43)).isNotEqualTo(a);
    int[] sizes = new int[5];
    Arrays.stream(a).forEach(f -> sizes[f]++);
    assertThat(sizes).containsOnly(200);
  }

  @Test
  void theSameSeedGivesTheSameTrainingFeatures() {
    Pipeline pipeline = Pipeline.builder().targetEncode("country").build();
    double[] a = pipeline.fitTransform(SkewTest.TRAIN, "fraud", 5).training().values();
    double[] b = pipeline.fitTransform(SkewTest.TRAIN, "fraud", 5).training().values();
    double[] c = pipeline.fitTransform(SkewTest.TRAIN, "fraud", 6).training().values();

    assertThat(b).isEqualTo(a);
    assertThat(c).isNotEqualTo(a);
  }
}
