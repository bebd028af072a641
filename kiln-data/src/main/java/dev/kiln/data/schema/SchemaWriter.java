package dev.kiln.data.schema;

import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a schema in the YAML form {@link SchemaFile} reads. */
public final class SchemaWriter {
  private SchemaWriter() {}

  public static String toYaml(Schema schema) {
    return toYaml(schema, Map.of());
  }

  /** The schema with a comment line under each column named in {@code notes}. */
  public static String toYaml(Schema schema, Map<String, String> notes) {
    StringBuilder out = new StringBuilder("columns:\n");
    for (Field f : schema.fields()) {
      out.append("  ").append(quote(f.name())).append(":\n");
      if (notes.containsKey(f.name())) {
        out.append("    # ").append(notes.get(f.name()).replaceAll("[\r\n]+", " ")).append('\n');
      }
      out.append("    type: ").append(f.type().key()).append('\n');
      if (!f.categories().isEmpty()) {
        out.append("    categories: ").append(list(f.categories())).append('\n');
      }
      for (Rule r : schema.rules()) {
        if (r.column().equals(f.name())) {
          out.append(columnRule(r));
        }
      }
    }
    for (Rule r : schema.rules()) {
      if (r instanceof Rule.RowCount rc && (rc.min() != null || rc.max() != null)) {
        out.append("rows:\n");
        if (rc.min() != null) {
          out.append("  min: ").append(rc.min()).append('\n');
        }
        if (rc.max() != null) {
          out.append("  max: ").append(rc.max()).append('\n');
        }
      }
    }
    List<Rule.Check> checks =
        schema.rules().stream()
            .filter(Rule.Check.class::isInstance)
            .map(Rule.Check.class::cast)
            .toList();
    if (!checks.isEmpty()) {
      out.append("checks:\n");
      for (Rule.Check c : checks) {
        out.append("  - name: ").append(quote(c.name())).append('\n');
        out.append("    sql: ").append(quote(c.sql())).append('\n');
      }
    }
    return out.toString();
  }

  private static String columnRule(Rule r) {
    if (r instanceof Rule.Required) {
      return "    required: true\n";
    } else if (r instanceof Rule.Range range) {
      return (range.min() == null ? "" : "    min: " + number(range.min()) + "\n")
          + (range.max() == null ? "" : "    max: " + number(range.max()) + "\n");
    } else if (r instanceof Rule.Allowed a) {
      return "    allowed: " + list(a.values()) + "\n";
    } else if (r instanceof Rule.Pattern p) {
      return "    regex: " + quote(p.regex()) + "\n";
    } else if (r instanceof Rule.MaxNullRate m) {
      return "    max_null_rate: " + m.maxRate() + "\n";
    } else if (r instanceof Rule.Unique) {
      return "    unique: true\n";
    } else if (r instanceof Rule.Freshness fr) {
      return "    freshness: " + duration(fr.maxAge()) + "\n";
    }
    return "";
  }

  /** The shortest form SchemaFile reads back exactly: 30d, 12h, 90m, 45s, or ISO-8601. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    if (d.getNano() != 0 || s <= 0) {
      return d.toString();
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    } else if (s % 3600 == 0) {
      return s / 3600 + "h";
    } else if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static String list(List<String> values) {
    return values.stream().map(SchemaWriter::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Single-quoted YAML scalar (quotes doubled), safe for any string. */
  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
