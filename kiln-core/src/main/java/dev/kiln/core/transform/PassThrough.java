package dev.kiln.core.transform;

import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * The number as it is (a boolean as 0 or 1); null becomes NaN, which tree learners treat as
 * missing.
 */
public record PassThrough() implements Transform {
  @Override
  public String kind() {
    return "pass_through";
  }

  @Override
  public Set<ColumnType> accepts() {
    return NUMERIC;
  }
}
