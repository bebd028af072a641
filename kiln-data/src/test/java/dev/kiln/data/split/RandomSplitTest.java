package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Frame;
import dev.kiln.testing.SampleFrames;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomSplitTest {
  private static final Split RANDOM = new RandomSplit();

  @Test
  void givesExactlyTheRoundedShareOfRowsToTestAndEveryRowOnce() {
    Random cases = new Random(1);
    for (int i = 0; i < 200; i++) {
      int n = 2 + cases.nextInt(500);
      double fraction = 0.01 + 0.98 * cases.nextDouble();
      long t = Math.round(n * fraction);
      if (t == 0 || t == n) {
        continue;
      }
      SplitResult r = RANDOM.apply(rows(n), fraction, cases.nextLong());
      Partitions.assertPartition(r, n);
      assertThat(r.test()).as("n=%d fraction=%s", n, fraction).hasSize((int) t);
    }
  }

  @Test
  void givesTheSameSplitForTheSameSeed() {
    Frame frame = SampleFrames.payments(1000, 7);
    assertThat(RANDOM.apply(frame, 0.2, 42)).isEqualTo(RANDOM.apply(frame, 0.2, 42));
  }

  @Test
  void givesADifferentSplitForAnotherSeed() {
    Frame frame = SampleFrames.payments(1000, 7);
    assertThat(RANDOM.apply(frame, 0.2, 42).test())
        .isNotEqualTo(RANDOM.apply(frame, 0.2, 43).test());
  }

  @Test
  void spreadsTestRowsOverTheWholeFrame() {
    int n = 10_000;
    int[] test = RANDOM.apply(rows(n), 0.5, 42).test();
    int firstHalf = 0;
    for (int r : test) {
      if (r < n / 2) {
        firstHalf++;
      }
    }
    // a fair choice puts 2,500 ± 50 (one s.d.) test rows in the first half; 5 s.d. would be a bug
    assertThat(firstHalf).isBetween(2250, 2750);
  }

  @Test
  void refusesAFractionThatLeavesASideEmpty() {
    assertThatThrownBy(() -> RANDOM.apply(rows(3), 0.1, 42))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "3 rows with test fraction 0.1 leave the test side empty (test would get 0 of 3); use more"
                + " rows or a fraction nearer 0.5");
    assertThatThrownBy(() -> RANDOM.apply(rows(3), 0.9, 42))
        .hasMessageStartingWith(
            "3 rows with test fraction 0.9 leave the train side empty (test would get 3 of 3)");
    assertThatThrownBy(() -> RANDOM.apply(rows(1), 0.5, 42))
        .hasMessageStartingWith(
            "1 row with test fraction 0.5 leaves the train side empty (test would get 1 of 1)");
  }

  @Test
  void shufflesWithTheAlgorithmTheJavaSpecificationFixes() {
    // java.util.Random's generator and nextInt(bound) as its Javadoc defines them, written out
    // here so that a change to another generator (whose sequence a JVM may change) fails
    int[] expected = Rows.identity(50);
    long state = (99L ^ 0x5DEECE66DL) & ((1L << 48) - 1);
    for (int i = expected.length - 1; i > 0; i--) {
      int bound = i + 1;
      int j;
      while (true) {
        state = (state * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
        int bits = (int) (state >>> 17);
        if ((bound & -bound) == bound) {
          j = (int) ((bound * (long) bits) >> 31);
          break;
        }
        j = bits % bound;
        if (bits - j + (bound - 1) >= 0) {
          break;
        }
      }
      int tmp = expected[i];
      expected[i] = expected[j];
      expected[j] = tmp;
    }
    int[] actual = Rows.identity(50);
    Rows.shuffle(actual, new Random(99));
    assertThat(actual).isEqualTo(expected);
  }

  static Frame rows(int n) {
    long[] ids = new long[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    return new Frame(List.of(SampleFrames.integers("id", ids)));
  }
}
