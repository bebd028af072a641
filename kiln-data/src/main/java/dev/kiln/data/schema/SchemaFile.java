package dev.kiln.data.schema;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.source.DuckDb;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and writes schema files: YAML that gives each column's type and the rules the data must
 * satisfy. Every error names the file, line and column of the value at fault. The format is
 * documented in docs/data-validate.md.
 */
public final class SchemaFile {
  static final Set<String> TOP_KEYS = Set.of("columns", "rows", "checks");
  static final List<String> COLUMN_KEYS =
      List.of(
          "type",
          "required",
          "min",
          "max",
          "allowed",
          "regex",
          "max_null_rate",
          "unique",
          "freshness",
          "categories");

  private final String file;

  private SchemaFile(String file) {
    this.file = file;
  }

  /** Reads a schema file. */
  public static Schema read(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UserException("schema file not found: " + path);
    } catch (MalformedInputException e) {
      throw new UserException(path + ": the schema file is not valid UTF-8");
    } catch (IOException e) {
      throw new UserException("cannot read schema file " + path + ": " + e.getMessage());
    }
    return parse(text, path.toString());
  }

  /** Parses schema YAML; {@code file} names it in errors. */
  public static Schema parse(String yaml, String file) {
    return new SchemaFile(file).parse(new StringReader(yaml));
  }

  private Schema parse(Reader reader) {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(reader);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      throw new UserException(
          file
              + (m == null ? "" : " line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
              + ": not valid YAML: "
              + problem);
    } catch (YAMLException e) {
      throw new UserException(file + ": not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      throw new UserException(file + ": the schema file is empty; it needs a 'columns:' section");
    }
    MappingNode top = mapping(root, "the schema");
    List<Field> fields = new ArrayList<>();
    List<Rule> rules = new ArrayList<>();
    boolean sawColumns = false;
    Set<String> sections = new HashSet<>();
    for (NodeTuple t : top.getValue()) {
      String key = key(t);
      if (TOP_KEYS.contains(key) && !sections.add(key)) {
        throw error(t.getKeyNode(), "section '" + key + "' is given twice");
      }
      switch (key) {
        case "columns" -> {
          sawColumns = true;
          Set<String> names = new HashSet<>();
          for (NodeTuple col : mapping(t.getValueNode(), "'columns'").getValue()) {
            String name = key(col);
            if (name.isEmpty()) {
              throw error(col.getKeyNode(), "a column name must not be empty");
            }
            if (!names.add(name)) {
              throw error(col.getKeyNode(), "column '" + name + "' is given twice");
            }
            readColumn(name, col.getValueNode(), fields, rules);
          }
        }
        case "rows" -> rules.add(readRows(t.getValueNode()));
        case "checks" -> readChecks(t.getValueNode(), rules);
        default ->
            throw error(
                t.getKeyNode(), "unknown section '" + key + "'; known: columns, rows, checks");
      }
    }
    if (!sawColumns) {
      throw error(root, "the schema has no 'columns:' section");
    }
    try {
      return new Schema(fields, rules);
    } catch (UserException e) {
      throw new UserException(file + ": " + e.getMessage());
    }
  }

  private void readColumn(String name, Node spec, List<Field> fields, List<Rule> rules) {
    if (spec instanceof ScalarNode s) {
      fields.add(Field.of(name, type(s), true));
      return;
    }
    MappingNode m = mapping(spec, "column '" + name + "'");
    Map<String, Node> values = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      String key = key(t);
      if (!COLUMN_KEYS.contains(key)) {
        throw error(
            t.getKeyNode(),
            "unknown rule '"
                + key
                + "' for column '"
                + name
                + "'; known: "
                + String.join(", ", COLUMN_KEYS));
      }
      if (values.put(key, t.getValueNode()) != null) {
        throw error(t.getKeyNode(), "rule '" + key + "' is given twice for column '" + name + "'");
      }
    }
    Node typeNode = values.get("type");
    if (typeNode == null) {
      throw error(
          spec,
          "column '"
              + name
              + "' has no 'type' (one of "
              + "integer, float, boolean, categorical, timestamp, text)");
    }
    ColumnType type = type(scalar(typeNode, "type"));
    boolean required = values.containsKey("required") && bool(values.get("required"));
    List<String> categories =
        values.containsKey("categories") ? strings(values.get("categories")) : List.of();
    fields.add(new Field(name, type, !required, categories));
    if (required) {
      rules.add(new Rule.Required(name));
    }
    if (values.containsKey("min") || values.containsKey("max")) {
      Node at = values.getOrDefault("min", values.get("max"));
      if (!type.isNumeric()) {
        throw error(
            at, "min/max apply to integer and float columns, but '" + name + "' is " + type.key());
      }
      Double min = values.containsKey("min") ? number(values.get("min")) : null;
      Double max = values.containsKey("max") ? number(values.get("max")) : null;
      if (min != null && max != null && min > max) {
        throw error(at, "column '" + name + "': min " + min + " is above max " + max);
      }
      rules.add(new Rule.Range(name, min, max));
    }
    if (values.containsKey("allowed")) {
      rules.add(new Rule.Allowed(name, allowed(values.get("allowed"), name, type)));
    }
    if (values.containsKey("regex")) {
      Node r = values.get("regex");
      String regex = scalar(r, "regex").getValue();
      re2Error(regex)
          .ifPresent(
              problem -> {
                throw error(r, "regex of column '" + name + "' is not valid: " + problem);
              });
      rules.add(new Rule.Pattern(name, regex));
    }
    if (values.containsKey("max_null_rate")) {
      Node r = values.get("max_null_rate");
      double rate = number(r);
      if (!(rate >= 0 && rate <= 1)) {
        throw error(
            r, "max_null_rate of column '" + name + "' must be between 0 and 1 but was " + rate);
      }
      rules.add(new Rule.MaxNullRate(name, rate));
    }
    if (values.containsKey("unique") && bool(values.get("unique"))) {
      rules.add(new Rule.Unique(name));
    }
    if (values.containsKey("freshness")) {
      Node r = values.get("freshness");
      if (type != ColumnType.TIMESTAMP) {
        throw error(
            r, "freshness applies to timestamp columns, but '" + name + "' is " + type.key());
      }
      rules.add(new Rule.Freshness(name, duration(r)));
    }
  }

  private Rule readRows(Node node) {
    MappingNode m = mapping(node, "'rows'");
    Long min = null;
    Long max = null;
    for (NodeTuple t : m.getValue()) {
      String key = key(t);
      switch (key) {
        case "min" -> min = count(t.getValueNode());
        case "max" -> max = count(t.getValueNode());
        default ->
            throw error(t.getKeyNode(), "unknown key '" + key + "' in 'rows'; known: min, max");
      }
    }
    if (min != null && max != null && min > max) {
      throw error(node, "rows: min " + min + " is above max " + max);
    }
    return new Rule.RowCount(min, max);
  }

  private void readChecks(Node node, List<Rule> rules) {
    if (!(node instanceof SequenceNode seq)) {
      throw error(node, "'checks' must be a list of {name, sql}");
    }
    Set<String> names = new HashSet<>();
    for (Node item : seq.getValue()) {
      String name = null;
      String sql = null;
      for (NodeTuple t : mapping(item, "a check").getValue()) {
        String key = key(t);
        switch (key) {
          case "name" -> name = scalar(t.getValueNode(), "name").getValue();
          case "sql" -> sql = scalar(t.getValueNode(), "sql").getValue();
          default ->
              throw error(t.getKeyNode(), "unknown key '" + key + "' in a check; known: name, sql");
        }
      }
      if (sql == null || sql.isBlank()) {
        throw error(item, "a check needs 'sql': a boolean SQL expression every row must satisfy");
      }
      String checkName = name == null ? sql : name;
      if (!names.add(checkName)) {
        throw error(item, "two checks are named '" + checkName + "'; give each its own name");
      }
      rules.add(new Rule.Check(checkName, sql));
    }
  }

  private ColumnType type(ScalarNode s) {
    try {
      return ColumnType.parse(s.getValue().toLowerCase(Locale.ROOT));
    } catch (UserException e) {
      throw error(s, e.getMessage());
    }
  }

  private MappingNode mapping(Node node, String what) {
    if (node instanceof MappingNode m) {
      return m;
    }
    throw error(node, what + " must be a mapping of keys to values");
  }

  private ScalarNode scalar(Node node, String what) {
    if (node instanceof ScalarNode s) {
      return s;
    }
    throw error(node, "'" + what + "' must be a single value");
  }

  private String key(NodeTuple t) {
    return scalar(t.getKeyNode(), "key").getValue();
  }

  private boolean bool(Node node) {
    String v = scalar(node, "flag").getValue().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw error(node, "expected true or false but found '" + v + "'");
    };
  }

  private double number(Node node) {
    String v = scalar(node, "number").getValue();
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw error(node, "expected a number but found '" + v + "'");
    }
  }

  /** A row count: a whole number, 0 or more. */
  private long count(Node node) {
    double v = number(node);
    if (!(v >= 0 && v == Math.rint(v) && v < 9e18)) {
      throw error(
          node,
          "expected a whole number of rows, 0 or more, but found '"
              + scalar(node, "number").getValue()
              + "'");
    }
    return (long) v;
  }

  /** Allowed values: a non-empty list whose items are numbers for a numeric column. */
  private List<String> allowed(Node node, String column, ColumnType type) {
    List<String> values = strings(node);
    if (values.isEmpty()) {
      throw error(node, "'allowed' of column '" + column + "' is empty; list at least one value");
    }
    if (type.isNumeric()) {
      SequenceNode seq = (SequenceNode) node;
      for (int i = 0; i < values.size(); i++) {
        Node item = seq.getValue().get(i);
        double v = number(item);
        if (type == ColumnType.INTEGER && v != Math.rint(v)) {
          throw error(
              item,
              "column '"
                  + column
                  + "' is integer, but allowed value '"
                  + values.get(i)
                  + "' is not a whole number");
        }
      }
    }
    return values;
  }

  private List<String> strings(Node node) {
    if (!(node instanceof SequenceNode seq)) {
      throw error(node, "expected a list such as [a, b, c]");
    }
    List<String> out = new ArrayList<>();
    for (Node n : seq.getValue()) {
      out.add(scalar(n, "list item").getValue());
    }
    return out;
  }

  /**
   * What RE2 (DuckDB's regex engine, which validation runs) finds wrong with the regex, or empty.
   * RE2 has no look-around or back-references, so a regex Java accepts may still be refused; asking
   * the engine that runs it is the only exact check.
   */
  private static Optional<String> re2Error(String regex) {
    try (Connection c = DuckDb.open();
        Statement st = c.createStatement()) {
      st.executeQuery("SELECT regexp_full_match('', " + DuckDb.literal(regex) + ")").close();
      return Optional.empty();
    } catch (SQLException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      return Optional.of(
          msg.strip().split("\n", 2)[0].replaceFirst("^[A-Za-z ]+ Error: ", "")
              + " (regexes use RE2 syntax: no look-around or back-references)");
    }
  }

  private static final java.util.regex.Pattern SHORT_DURATION =
      java.util.regex.Pattern.compile("(\\d+)\\s*([smhdw])");

  private Duration duration(Node node) {
    String v = scalar(node, "freshness").getValue().trim();
    Matcher m = SHORT_DURATION.matcher(v);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofDays(7 * n);
      };
    }
    try {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        throw error(node, "freshness must be a positive duration but was '" + v + "'");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw error(
          node, "expected a duration such as 30d, 12h, 90m or P1DT12H but found '" + v + "'");
    }
  }

  private UserException error(Node node, String message) {
    Mark m = node.getStartMark();
    return new UserException(
        file + " line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ": " + message);
  }
}
