package dev.kiln.data.split;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many rows of one class of a column each side holds; {@code label} is "(null)" for missing.
 */
public record ClassBalance(String label, int train, int test) {
  /** One entry per class of {@code column}, in the classes' natural order with missing last. */
  public static List<ClassBalance> of(Frame frame, String column, SplitResult split) {
    Column c = frame.column(column);
    Strata all = Strata.of(c);
    Map<Object, Integer> testCounts = new HashMap<>();
    Strata test = Strata.of(c, split.test());
    for (int i = 0; i < test.size(); i++) {
      testCounts.put(test.keys().get(i), test.rows()[i].length);
    }
    List<ClassBalance> out = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Object key = all.keys().get(i);
      int t = testCounts.getOrDefault(key, 0);
      out.add(new ClassBalance(Strata.label(key), all.rows()[i].length - t, t));
    }
    return out;
  }
}
