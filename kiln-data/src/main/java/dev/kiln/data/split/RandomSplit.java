package dev.kiln.data.split;

import dev.kiln.core.frame.Frame;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/** Exactly {@code round(n × fraction)} test rows, chosen by a shuffle seeded with the seed. */
public record RandomSplit() implements Split {
  @Override
  public SplitResult apply(Frame frame, double testFraction, long seed) {
    int n = frame.rowCount();
    int t = Rows.testRows(n, testFraction);
    int[] order = Rows.identity(n);
    Rows.shuffle(order, new Random(seed));
    BitSet test = new BitSet(n);
    for (int i = 0; i < t; i++) {
      test.set(order[i]);
    }
    return SplitResult.of(n, test, List.of());
  }

  @Override
  public String spec() {
    return "random";
  }
}
