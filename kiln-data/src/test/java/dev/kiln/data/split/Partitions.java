package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;

/** Assertions every split must pass. */
final class Partitions {
  private Partitions() {}

  /** Every row of {@code n} on exactly one side, each side ascending (input order), none empty. */
  static void assertPartition(SplitResult result, int n) {
    int[] train = result.train();
    int[] test = result.test();
    assertThat(train).isNotEmpty().isSorted().doesNotHaveDuplicates();
    assertThat(test).isNotEmpty().isSorted().doesNotHaveDuplicates();
    BitSet seen = new BitSet(n);
    for (int r : train) {
      seen.set(r);
    }
    for (int r : test) {
      assertThat(seen.get(r)).as("row %d is on both sides", r).isFalse();
      seen.set(r);
    }
    assertThat(train.length + test.length).isEqualTo(n);
    assertThat(seen.cardinality()).isEqualTo(n);
    assertThat(seen.length()).isEqualTo(n);
  }
}
