package dev.kiln.data.split;

import dev.kiln.core.frame.Column;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a column grouped by value. Keys are in a fixed order (natural order of the values,
 * null last) so that nothing depends on the order in which values first appear; each key's rows are
 * ascending.
 */
record Strata(List<Object> keys, int[][] rows) {
  /** Orders the boxed values of one column (all of one class) with null last. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static final Comparator<Object> KEY_ORDER =
      Comparator.nullsLast((a, b) -> ((Comparable) a).compareTo(b));

  static Strata of(Column column, int[] rowsToGroup) {
    Map<Object, Integer> codes = new HashMap<>();
    List<Object> firstSeen = new ArrayList<>();
    int[] code = new int[rowsToGroup.length];
    int[] counts = new int[16];
    for (int i = 0; i < rowsToGroup.length; i++) {
      Object key = column.get(rowsToGroup[i]);
      Integer c = codes.get(key);
      if (c == null) {
        c = firstSeen.size();
        codes.put(key, c);
        firstSeen.add(key);
        if (c == counts.length) {
          counts = Arrays.copyOf(counts, c * 2);
        }
      }
      code[i] = c;
      counts[c]++;
    }
    int[][] byCode = new int[firstSeen.size()][];
    for (int c = 0; c < byCode.length; c++) {
      byCode[c] = new int[counts[c]];
    }
    int[] filled = new int[byCode.length];
    for (int i = 0; i < rowsToGroup.length; i++) {
      byCode[code[i]][filled[code[i]]++] = rowsToGroup[i];
    }
    Integer[] order = new Integer[byCode.length];
    for (int c = 0; c < order.length; c++) {
      order[c] = c;
    }
    Arrays.sort(order, Comparator.comparing(firstSeen::get, KEY_ORDER));
    List<Object> keys = new ArrayList<>(order.length);
    int[][] rows = new int[order.length][];
    for (int i = 0; i < order.length; i++) {
      keys.add(firstSeen.get(order[i]));
      rows[i] = byCode[order[i]];
    }
    return new Strata(keys, rows);
  }

  static Strata of(Column column) {
    return of(column, Rows.identity(column.size()));
  }

  int size() {
    return keys.size();
  }

  /** A key as people read it. */
  static String label(Object key) {
    return key == null ? "(null)" : String.valueOf(key);
  }
}
