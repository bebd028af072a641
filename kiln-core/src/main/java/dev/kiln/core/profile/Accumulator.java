package dev.kiln.core.profile;

import dev.kiln.core.frame.Column;

/** Collects one column's statistics batch by batch, in bounded memory. */
interface Accumulator {
  void add(Column column);

  ColumnProfile finish(String name, long rows);
}
