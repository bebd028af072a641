package dev.kiln.cli.train;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.learn.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The target column read as a task and labels: the task inferred from the column (or forced), the
 * class labels sorted (numbers numerically), and each row's label as a class index or a number. A
 * clustering has none ({@link #none}: no column, no labels).
 *
 * @param labels per row: a class index for a classifier, the value for a regressor
 * @param counts rows per class, in class order (empty for regression)
 */
public record Target(
    String column, Task task, List<String> classes, double[] labels, int[] counts) {
  /** Integer, categorical or boolean targets with at most this many values are multiclass. */
  public static final int MAX_INFERRED_CLASSES = 20;

  /** No target: a clustering, whose rows have no labels. */
  public static Target none() {
    return new Target(null, Task.clustering(), List.of(), new double[0], new int[0]);
  }

  /** Reads {@code column} of {@code frame}; {@code forced} is the task the user asked for. */
  public static Target of(Frame frame, String column, Optional<Task.Kind> forced) {
    if (!frame.hasColumn(column)) {
      throw new UserException(
          "target column '"
              + column
              + "' is not in the data; its columns are "
              + String.join(", ", frame.columnNames()));
    }
    Column c = frame.column(column);
    checkNoNulls(c);
    Map<Object, Integer> distinct = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      distinct.merge(c.get(i), 1, Integer::sum);
    }
    if (distinct.size() < 2) {
      throw new UserException(
          "target column '"
              + column
              + "' is constant (every one of its "
              + c.size()
              + " rows is "
              + (distinct.isEmpty() ? "empty" : text(distinct.keySet().iterator().next()))
              + "); there is nothing to learn");
    }
    Task.Kind kind = forced.orElseGet(() -> infer(c, distinct.size()));
    if (kind == Task.Kind.CLUSTERING) {
      throw new UserException("--task clustering takes no target; kiln train learns from --target");
    }
    if (kind == Task.Kind.REGRESSION) {
      return regression(c);
    }
    return classification(c, kind, distinct);
  }

  private static Task.Kind infer(Column c, int distinct) {
    if (distinct == 2) {
      return Task.Kind.BINARY;
    }
    boolean number = c instanceof DoubleColumn || c instanceof LongColumn;
    if (c.type() == ColumnType.FLOAT || (number && distinct > MAX_INFERRED_CLASSES)) {
      return Task.Kind.REGRESSION;
    }
    if (distinct > MAX_INFERRED_CLASSES) {
      throw new UserException(
          "target column '"
              + c.name()
              + "' is "
              + c.type().key()
              + " with "
              + distinct
              + " distinct values, too many to infer a classifier (at most "
              + MAX_INFERRED_CLASSES
              + "); pass --task multiclass to train one anyway");
    }
    return Task.Kind.MULTICLASS;
  }

  private static Target regression(Column c) {
    if (!(c instanceof DoubleColumn
        || (c instanceof LongColumn l && l.type() == ColumnType.INTEGER))) {
      throw new UserException(
          "target column '"
              + c.name()
              + "' is "
              + c.type().key()
              + " but regression needs an integer or float target");
    }
    double[] y = new double[c.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = number(c, i);
      if (!Double.isFinite(y[i])) {
        throw new UserException(
            "target column '"
                + c.name()
                + "' is "
                + y[i]
                + " on row "
                + (i + 1)
                + "; regression"
                + " needs finite numbers (drop or fill the row)");
      }
    }
    return new Target(c.name(), Task.regression(), List.of(), y, new int[0]);
  }

  private static Target classification(Column c, Task.Kind kind, Map<Object, Integer> distinct) {
    List<Object> values = new ArrayList<>(distinct.keySet());
    values.sort(order(c));
    if (kind == Task.Kind.BINARY && values.size() != 2) {
      throw new UserException(
          "--task binary needs a target with 2 values but '"
              + c.name()
              + "' has "
              + values.size()
              + "; use --task multiclass");
    }
    Task task = kind == Task.Kind.BINARY ? Task.binary() : Task.multiclass(values.size());
    Map<Object, Integer> index = new HashMap<>();
    List<String> classes = new ArrayList<>();
    int[] counts = new int[values.size()];
    for (int k = 0; k < values.size(); k++) {
      index.put(values.get(k), k);
      classes.add(text(values.get(k)));
      counts[k] = distinct.get(values.get(k));
    }
    for (int k = 0; k < counts.length; k++) {
      if (counts[k] < 2) {
        throw new UserException(
            "class '"
                + classes.get(k)
                + "' of target '"
                + c.name()
                + "' has only 1 row; a stratified split and holdout evaluation need at least 2"
                + " rows of every class (drop the row or merge the class)");
      }
    }
    double[] y = new double[c.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = index.get(c.get(i));
    }
    return new Target(c.name(), task, List.copyOf(classes), y, counts);
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object> order(Column c) {
    if (c instanceof DoubleColumn || c instanceof LongColumn) {
      return Comparator.comparingDouble(v -> ((Number) v).doubleValue());
    }
    return Comparator.comparing(v -> (Comparable<Object>) v);
  }

  private static double number(Column c, int row) {
    return c instanceof DoubleColumn d ? d.value(row) : ((LongColumn) c).value(row);
  }

  /** A label as text: whole numbers without a decimal point, so class 1.0 reads "1". */
  static String text(Object v) {
    if (v instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString(d.longValue());
    }
    return String.valueOf(v);
  }

  private static void checkNoNulls(Column c) {
    int nulls = c.nullCount();
    if (nulls == 0) {
      return;
    }
    int first = 0;
    while (!c.isNull(first)) {
      first++;
    }
    throw new UserException(
        String.format(
            Locale.ROOT,
            "target column '%s' has %,d empty values (the first on data row %d); drop or fill"
                + " those rows",
            c.name(),
            nulls,
            first + 1));
  }
}
