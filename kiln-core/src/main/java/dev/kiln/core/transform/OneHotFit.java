package dev.kiln.core.transform;

import java.util.ArrayList;
import java.util.List;

/**
 * A fitted {@link OneHot}: the categories that have a feature, sorted; then the unseen and the null
 * features.
 */
public record OneHotFit(String column, List<String> categories) implements FittedTransform {
  public static final String UNSEEN = "__unseen__";
  public static final String NULL = "__null__";

  public OneHotFit {
    categories = List.copyOf(categories);
  }

  @Override
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(categories.size() + 2);
    for (String c : categories) {
      names.add(column + "=" + c);
    }
    names.add(column + "=" + UNSEEN);
    names.add(column + "=" + NULL);
    return names;
  }
}
