package dev.kiln.core.transform;

import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * Calendar parts of a timestamp in UTC: year, month (1–12), day of month, day of week (1 = Monday …
 * 7 = Sunday, ISO-8601), hour (0–23) and, when asked, day of year. A null timestamp gives NaN in
 * every part.
 */
public record DateParts(boolean dayOfYear) implements Transform {
  public static DateParts defaults() {
    return new DateParts(false);
  }

  @Override
  public String kind() {
    return "date_parts";
  }

  @Override
  public Set<ColumnType> accepts() {
    return Set.of(ColumnType.TIMESTAMP);
  }
}
