package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hashed n-grams: what goes in which bucket, counts and term frequencies, empty and null text. */
class HashedTextTest {
  static FittedPipeline fit(HashedText spec, String... texts) {
    Frame frame = new Frame(List.of(TestFrames.strings("t", ColumnType.TEXT, texts)));
    return Pipeline.builder().add("t", spec).build().fit(frame, (double[]) null, 1);
  }

  static int bucket(String gram, int buckets) {
    return Math.floorMod(Murmur3.hash(gram, 0), buckets);
  }

  @Test
  void countsLowerCasedWordsAndBigramsInTheirHashBuckets() {
    HashedText spec = HashedText.defaults().withBuckets(1 << 20);
    double[] f = fit(spec, "x").transformRow(new Object[] {"Card, card NOT present!"});

    assertThat(f[bucket("card", 1 << 20)]).isEqualTo(2.0);
    assertThat(f[bucket("card card", 1 << 20)]).isEqualTo(1.0);
    assertThat(f[bucket("not present", 1 << 20)]).isEqualTo(1.0);
    assertThat(java.util.Arrays.stream(f).sum()).isEqualTo(4 + 3);
  }

  @Test
  void termFrequenciesSumToOne() {
    HashedText spec = HashedText.chars(1, 2).withWords(1, 1).withTermFrequency(true);
    double[] f = fit(spec, "x").transformRow(new Object[] {"abc de"});

    assertThat(java.util.Arrays.stream(f).sum())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-12));
  }

  @Test
  void emptyAndNullTextGiveZeros() {
    FittedPipeline p = fit(HashedText.defaults().withChars(1, 3), "x");

    assertThat(p.transformRow(new Object[] {""})).containsOnly(0.0);
    assertThat(p.transformRow(new Object[] {null})).containsOnly(0.0);
    assertThat(p.transformRow(new Object[] {" ,; "})).doesNotContain(Double.NaN);
  }
}
