package dev.kiln.cli.train;

import dev.kiln.core.UserException;
import dev.kiln.data.split.Splitter;

/**
 * {@code --split}: a split as {@code kiln data split --by} takes it, optionally followed by {@code
 * :FRACTION} (the share of rows held out), as in {@code random:0.2} or {@code time:ts:0.25}. A time
 * split with a cut-off ({@code time:COL@T}) takes no fraction: the cut-off decides.
 */
record SplitSpec(String split, double testFraction) {
  static SplitSpec parse(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty()) {
      throw new UserException("--split is empty; give e.g. random:0.2 or time:COL@2025-05-01");
    }
    int colon = s.lastIndexOf(':');
    if (colon > 0 && !s.contains("@")) {
      String tail = s.substring(colon + 1);
      if (tail.matches("[0-9]*\\.?[0-9]+")) {
        double fraction = Double.parseDouble(tail);
        UserException.require(
            fraction > 0 && fraction < 1,
            "--split %s: the holdout fraction must be between 0 and 1 (both excluded) but was %s",
            spec,
            tail);
        return new SplitSpec(s.substring(0, colon), fraction);
      }
    }
    return new SplitSpec(s, Splitter.DEFAULT_TEST_FRACTION);
  }
}
