package dev.kiln.data.validate;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.io.FrameWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A starting schema for a dataset: the inferred types plus rules the data already satisfies and
 * that are likely to hold for the next batch too. The file it came from always validates against
 * it. Rules that would merely restate this sample (an exact min and max, a null rate) are left as
 * comments to decide on, not rules.
 *
 * <ul>
 *   <li>{@code required} for a column with no null (and, for text, no blank) value;
 *   <li>{@code min: 0} for a numeric column with no negative value and no NaN;
 *   <li>{@code allowed} for a categorical column with at most {@value #MAX_ALLOWED} values;
 *   <li>{@code unique} for an integer or text column named like a key ({@code id}, {@code
 *       order_id}, {@code userId}, {@code uuid}) whose values are all distinct.
 * </ul>
 */
public final class SchemaSuggestion {
  static final int MAX_ALLOWED = 20;
  private static final Pattern KEY_NAME =
      Pattern.compile("(?i)(.*[_\\- ])?(id|key|uuid)|.*[a-z](Id|ID|Key|Uuid)");

  /** The schema and a comment per column (what the data holds, for a person to decide on). */
  public record Suggested(Schema schema, Map<String, String> notes) {}

  private SchemaSuggestion() {}

  public static Suggested suggest(Frame frame) {
    List<Field> fields = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    Map<String, String> notes = new LinkedHashMap<>();
    for (Column c : frame.columns()) {
      String name = c.name();
      boolean required = c.nullCount() == 0 && !hasBlank(c);
      fields.add(Field.of(name, c.type(), !required));
      if (required) {
        rules.add(new Rule.Required(name));
      }
      if (c.type().isNumeric()) {
        numeric(c, rules, notes);
      } else if (c instanceof StringColumn s) {
        strings(s, rules, notes);
      } else if (c instanceof LongColumn l && c.type() == ColumnType.TIMESTAMP) {
        timestamps(l, notes);
      }
      if (c.nullCount() > 0) {
        notes.merge(
            name,
            "nulls " + TableChecks.percent((double) c.nullCount() / Math.max(1, c.size())),
            (a, b) -> a + "; " + b);
      }
      if (required
          && (c.type() == ColumnType.INTEGER || c.type() == ColumnType.TEXT)
          && KEY_NAME.matcher(name).matches()
          && c.size() > 1
          && allDistinct(c)) {
        rules.add(new Rule.Unique(name));
      }
    }
    return new Suggested(new Schema(fields, rules), notes);
  }

  private static void numeric(Column c, List<Rule> rules, Map<String, String> notes) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean nan = false;
    for (int i = 0; i < c.size(); i++) {
      if (c.isNull(i)) {
        continue;
      }
      double v = c instanceof DoubleColumn d ? d.value(i) : (double) ((LongColumn) c).value(i);
      nan |= Double.isNaN(v);
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    if (min > max) {
      return;
    }
    notes.put(c.name(), "observed " + RowChecks.number(min) + " .. " + RowChecks.number(max));
    if (min >= 0 && !nan) {
      rules.add(new Rule.Range(c.name(), 0.0, null));
    }
  }

  private static void strings(StringColumn s, List<Rule> rules, Map<String, String> notes) {
    Set<String> distinct = new TreeSet<>();
    for (String v : s.values()) {
      if (v != null && distinct.size() <= MAX_ALLOWED) {
        distinct.add(v);
      }
    }
    if (s.type() == ColumnType.CATEGORICAL && !distinct.isEmpty()) {
      if (distinct.size() <= MAX_ALLOWED) {
        rules.add(new Rule.Allowed(s.name(), List.copyOf(distinct)));
      } else {
        notes.put(s.name(), "more than " + MAX_ALLOWED + " categories");
      }
    }
  }

  private static void timestamps(LongColumn l, Map<String, String> notes) {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < l.size(); i++) {
      if (!l.isNull(i)) {
        min = Math.min(min, l.value(i));
        max = Math.max(max, l.value(i));
      }
    }
    if (min <= max) {
      notes.put(
          l.name(), "observed " + FrameWriter.timestamp(min) + " .. " + FrameWriter.timestamp(max));
    }
  }

  private static boolean hasBlank(Column c) {
    if (c instanceof StringColumn s) {
      for (String v : s.values()) {
        if (v != null && v.isBlank()) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean allDistinct(Column c) {
    Set<Object> seen = new HashSet<>();
    for (int i = 0; i < c.size(); i++) {
      if (!seen.add(c.get(i))) {
        return false;
      }
    }
    return true;
  }
}
