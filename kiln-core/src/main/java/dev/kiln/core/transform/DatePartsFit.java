package dev.kiln.core.transform;

import java.util.ArrayList;
import java.util.List;

/** A fitted {@link DateParts} (nothing is learnt: the parts are fixed by the configuration). */
public record DatePartsFit(String column, boolean dayOfYear) implements FittedTransform {
  @Override
  public List<String> featureNames() {
    List<String> names = new ArrayList<>();
    for (String part : List.of("year", "month", "day", "day_of_week", "hour")) {
      names.add(column + "__" + part);
    }
    if (dayOfYear) {
      names.add(column + "__day_of_year");
    }
    return names;
  }
}
