package dev.kiln.core.frame;

import java.util.BitSet;

/** Null bits shared by the column classes: a set bit marks a null row. */
final class Nulls {
  private Nulls() {}

  static BitSet take(BitSet nulls, int[] rows) {
    BitSet out = new BitSet(rows.length);
    if (nulls.isEmpty()) {
      return out;
    }
    for (int i = 0; i < rows.length; i++) {
      if (nulls.get(rows[i])) {
        out.set(i);
      }
    }
    return out;
  }
}
