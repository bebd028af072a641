package dev.kiln.core.transform;

import java.util.ArrayList;
import java.util.List;

/** A fitted {@link HashedText} (nothing is learnt: the hash needs no vocabulary). */
public record HashedTextFit(String column, HashedText params) implements FittedTransform {
  @Override
  public List<String> featureNames() {
    List<String> names = new ArrayList<>(params.buckets());
    for (int i = 0; i < params.buckets(); i++) {
      names.add(column + "__h" + i);
    }
    return names;
  }
}
