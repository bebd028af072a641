package dev.kiln.data.split;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Keeps all rows of a group (a customer, a patient, a device) on one side, so that a model is
 * tested on groups it never saw. Groups are put in an order given by a seeded hash of their value
 * and, in that order, each group that brings the test side nearer {@code round(n × fraction)} rows
 * is taken for test; the achieved fraction is reported in a note. Missing values form one group.
 *
 * <p>Ordering by hash rather than shuffling a list of groups makes the order of any two groups
 * depend only on their values and the seed: the result does not depend on row order, and when new
 * groups arrive in a later extract, most existing groups stay on their side.
 */
public record GroupSplit(String column) implements Split {
  @Override
  public SplitResult apply(Frame frame, double testFraction, long seed) {
    Column col = frame.column(column);
    int n = frame.rowCount();
    int target = Rows.testRows(n, testFraction);
    Strata groups = Strata.of(col);
    int count = groups.size();
    UserException.require(
        count >= 2,
        "column '%s' holds a single group (%s); a group split needs at least two",
        column,
        Strata.label(groups.keys().get(0)));
    long[] hash = new long[count];
    for (int g = 0; g < count; g++) {
      hash[g] = hash(groups.keys().get(g), seed);
    }
    Integer[] order = new Integer[count];
    Arrays.setAll(order, g -> g);
    // ties (equal 64-bit hashes) fall back to the groups' natural order
    Arrays.sort(order, Comparator.<Integer>comparingLong(g -> hash[g]).thenComparingInt(g -> g));
    BitSet test = new BitSet(n);
    int taken = 0;
    for (int i = 0; i < count && taken < target; i++) {
      int[] rows = groups.rows()[order[i]];
      // take a group when it brings test nearer its target, never the last rows of train
      if (n - taken - rows.length > 0 && taken + rows.length - target < target - taken) {
        take(rows, test);
        taken += rows.length;
      }
    }
    for (int i = 0; taken == 0; i++) {
      // every group overshoots: test gets the first group (in hash order) that leaves train rows
      int[] rows = groups.rows()[order[i]];
      if (rows.length < n) {
        take(rows, test);
        taken = rows.length;
      }
    }
    SplitResult result = SplitResult.of(n, test, List.of());
    return new SplitResult(
        result.train(),
        result.test(),
        List.of(
            String.format(
                Locale.ROOT,
                "%,d of %,d groups of '%s' went to test; test holds %.1f%% of rows (asked %.1f%%)",
                countTestGroups(groups, test),
                count,
                column,
                100 * result.testFraction(),
                100 * testFraction)));
  }

  private static void take(int[] rows, BitSet test) {
    for (int r : rows) {
      test.set(r);
    }
  }

  private static int countTestGroups(Strata groups, BitSet test) {
    int k = 0;
    for (int[] rows : groups.rows()) {
      if (test.get(rows[0])) {
        k++;
      }
    }
    return k;
  }

  /**
   * FNV-1a over the value's text in UTF-8, mixed with the seed by SplitMix64's finalizer: a hash
   * fixed by this code, not by {@code hashCode} of a JDK class.
   */
  static long hash(Object key, long seed) {
    byte[] bytes =
        key == null ? new byte[] {0} : String.valueOf(key).getBytes(StandardCharsets.UTF_8);
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    long z = h ^ (seed * 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @Override
  public String spec() {
    return "group:" + column;
  }
}
