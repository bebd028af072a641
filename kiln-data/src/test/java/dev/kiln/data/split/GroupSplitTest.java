package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import dev.kiln.testing.SampleFrames;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupSplitTest {
  private static final Split BY_CUSTOMER = new GroupSplit("customer");

  @Test
  void neverPutsAGroupOnBothSides() {
    Random cases = new Random(5);
    for (int i = 0; i < 100; i++) {
      int n = 20 + cases.nextInt(2000);
      Frame frame = SampleFrames.payments(n, cases.nextLong());
      SplitResult r = BY_CUSTOMER.apply(frame, 0.05 + 0.9 * cases.nextDouble(), cases.nextLong());
      Partitions.assertPartition(r, n);
      assertThat(values(frame.column("customer"), r.train()))
          .doesNotContainAnyElementsOf(values(frame.column("customer"), r.test()));
    }
  }

  @Test
  void comesNearTheFractionWhenGroupsAreSmall() {
    Frame frame = SampleFrames.payments(20_000, 3);
    for (long seed = 0; seed < 10; seed++) {
      SplitResult r = BY_CUSTOMER.apply(frame, 0.2, seed);
      // the greedy fill stops within the size of the largest group of the target
      assertThat(r.testFraction()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void reportsTheGroupsTakenAndTheFractionAchieved() {
    Frame frame = new Frame(List.of(SampleFrames.categorical("customer", "a", "a", "a", "b", "c")));
    SplitResult r = BY_CUSTOMER.apply(frame, 0.4, 42);
    assertThat(r.notes()).hasSize(1);
    assertThat(r.notes().get(0))
        .matches(
            "\\d of 3 groups of 'customer' went to test; test holds \\d+\\.\\d% of rows \\(asked"
                + " 40\\.0%\\)");
    assertThat(r.notes().get(0)).contains(String.format("holds %.1f%%", 100 * r.testFraction()));
  }

  @Test
  void doesNotDependOnTheOrderOfTheRows() {
    Frame frame = SampleFrames.payments(3000, 9);
    int[] reversed = new int[frame.rowCount()];
    for (int i = 0; i < reversed.length; i++) {
      reversed[i] = reversed.length - 1 - i;
    }
    Frame backwards = frame.take(reversed);
    Column customer = frame.column("customer");
    assertThat(values(backwards.column("customer"), BY_CUSTOMER.apply(backwards, 0.3, 42).test()))
        .isEqualTo(values(customer, BY_CUSTOMER.apply(frame, 0.3, 42).test()));
  }

  @Test
  void keepsMostGroupsOnTheirSideWhenNewGroupsArrive() {
    Frame before = SampleFrames.payments(4000, 21);
    Frame after = concat(before, SampleFrames.payments(4000, 22), "n");
    Set<Object> testBefore =
        values(before.column("customer"), BY_CUSTOMER.apply(before, 0.2, 42).test());
    Set<Object> testAfter =
        values(after.column("customer"), BY_CUSTOMER.apply(after, 0.2, 42).test());
    Set<Object> oldGroups = values(before.column("customer"), Rows.identity(before.rowCount()));
    int moved = 0;
    for (Object g : oldGroups) {
      if (testBefore.contains(g) != testAfter.contains(g)) {
        moved++;
      }
    }
    // a fresh shuffle would move about a third of the groups (2 × 0.2 × 0.8)
    assertThat(moved).isLessThan(oldGroups.size() / 10);
  }

  @Test
  void givesAnotherSplitForAnotherSeed() {
    Frame frame = SampleFrames.payments(1000, 2);
    assertThat(BY_CUSTOMER.apply(frame, 0.2, 1).test())
        .isNotEqualTo(BY_CUSTOMER.apply(frame, 0.2, 2).test());
    assertThat(BY_CUSTOMER.apply(frame, 0.2, 1)).isEqualTo(BY_CUSTOMER.apply(frame, 0.2, 1));
  }

  @Test
  void keepsMissingValuesTogetherAsOneGroup() {
    Frame frame =
        new Frame(
            List.of(SampleFrames.categorical("customer", null, "a", null, "b", "c", null, "d")));
    for (long seed = 0; seed < 20; seed++) {
      SplitResult r = BY_CUSTOMER.apply(frame, 0.3, seed);
      Partitions.assertPartition(r, 7);
      boolean nullsInTest = contains(r.test(), 0);
      assertThat(contains(r.test(), 2)).isEqualTo(nullsInTest);
      assertThat(contains(r.test(), 5)).isEqualTo(nullsInTest);
    }
  }

  @Test
  void refusesAColumnWithASingleGroup() {
    Frame frame = new Frame(List.of(SampleFrames.categorical("customer", "a", "a", "a")));
    assertThatThrownBy(() -> BY_CUSTOMER.apply(frame, 0.2, 42))
        .isInstanceOf(UserException.class)
        .hasMessage("column 'customer' holds a single group (a); a group split needs at least two");
  }

  private static boolean contains(int[] rows, int row) {
    for (int r : rows) {
      if (r == row) {
        return true;
      }
    }
    return false;
  }

  private static Set<Object> values(Column c, int[] rows) {
    Set<Object> out = new HashSet<>();
    for (int r : rows) {
      out.add(c.get(r));
    }
    return out;
  }

  /** The rows of both frames' customer columns, the second's customers renamed with a prefix. */
  private static Frame concat(Frame a, Frame b, String prefix) {
    String[] values = new String[a.rowCount() + b.rowCount()];
    for (int i = 0; i < a.rowCount(); i++) {
      values[i] = (String) a.column("customer").get(i);
    }
    for (int i = 0; i < b.rowCount(); i++) {
      values[a.rowCount() + i] = prefix + b.column("customer").get(i);
    }
    return new Frame(List.of(SampleFrames.categorical("customer", values)));
  }
}
