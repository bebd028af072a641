package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Frame;
import dev.kiln.testing.SampleFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {
  private static final Split BY_LABEL = new StratifiedSplit("label");

  @Test
  void keepsEachClassWithinOneRowOfItsShareAndTheTotalAtTheRoundedShare() {
    Random cases = new Random(3);
    for (int i = 0; i < 100; i++) {
      int n = 50 + cases.nextInt(2000);
      double fraction = 0.05 + 0.9 * cases.nextDouble();
      Frame frame = SampleFrames.payments(n, cases.nextLong());
      SplitResult r = BY_LABEL.apply(frame, fraction, cases.nextLong());
      Partitions.assertPartition(r, n);
      boolean anySingle = false;
      for (ClassBalance c : ClassBalance.of(frame, "label", r)) {
        int size = c.train() + c.test();
        anySingle |= size == 1;
        assertThat(Math.abs(c.test() - size * fraction))
            .as("class %s of %d rows, fraction %s", c.label(), size, fraction)
            .isLessThan(1.0);
      }
      if (!anySingle) {
        assertThat(r.test()).hasSize((int) Math.round(n * fraction));
      }
    }
  }

  @Test
  void treatsMissingValuesAsAClassOfTheirOwn() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      labels.add(i < 10 ? null : i < 30 ? "yes" : "no");
    }
    Frame frame =
        new Frame(List.of(SampleFrames.categorical("label", labels.toArray(String[]::new))));
    SplitResult r = BY_LABEL.apply(frame, 0.3, 42);
    assertThat(ClassBalance.of(frame, "label", r))
        .containsExactly(
            new ClassBalance("no", 49, 21),
            new ClassBalance("yes", 14, 6),
            new ClassBalance("(null)", 7, 3));
  }

  @Test
  void putsAClassWithASingleRowInTrainAndSaysSo() {
    String[] labels = new String[21];
    for (int i = 0; i < 20; i++) {
      labels[i] = i % 2 == 0 ? "a" : "b";
    }
    labels[20] = "rare";
    Frame frame = new Frame(List.of(SampleFrames.categorical("label", labels)));
    for (long seed = 0; seed < 20; seed++) {
      SplitResult r = BY_LABEL.apply(frame, 0.5, seed);
      assertThat(r.test()).doesNotContain(20);
      assertThat(r.notes())
          .containsExactly("1 class of 'label' has a single row and went to train: rare");
    }
  }

  @Test
  void givesTheSameSplitForTheSameSeedAndAnotherForAnotherSeed() {
    Frame frame = SampleFrames.payments(2000, 11);
    assertThat(BY_LABEL.apply(frame, 0.25, 5)).isEqualTo(BY_LABEL.apply(frame, 0.25, 5));
    assertThat(BY_LABEL.apply(frame, 0.25, 5).test())
        .isNotEqualTo(BY_LABEL.apply(frame, 0.25, 6).test());
  }

  @Test
  void refusesAColumnWithAboutOneRowPerValue() {
    Frame frame = SampleFrames.payments(100, 1);
    assertThatThrownBy(() -> new StratifiedSplit("id").apply(frame, 0.2, 42))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "column 'id' has 100 distinct values in 100 rows; a stratified split needs a column of"
                + " classes with several rows each (a label or a category)");
  }

  @Test
  void namesTheColumnsThereAreWhenTheColumnIsMissing() {
    Frame frame = SampleFrames.payments(10, 1);
    assertThatThrownBy(() -> new StratifiedSplit("lable").apply(frame, 0.2, 42))
        .isInstanceOf(UserException.class)
        .hasMessage("no column 'lable'; the columns are: id, customer, label, amount, ts");
  }
}
