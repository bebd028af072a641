package dev.kiln.serve.mlflow;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.store.ModelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * MLflow's filter for {@code model-versions/search}: conditions joined by {@code AND} on {@code
 * name}, {@code run_id}, {@code source_path} and {@code tags.KEY}, with {@code =}, {@code !=},
 * {@code LIKE}, {@code ILIKE} and {@code IN ('a', 'b')}; strings in single or double quotes, keys
 * with symbols in backticks. A malformed filter is refused with the position at fault.
 */
final class ModelVersionFilter {
  private final List<Condition> conditions;

  private ModelVersionFilter(List<Condition> conditions) {
    this.conditions = conditions;
  }

  record Condition(String key, String op, List<String> values) {}

  static ModelVersionFilter parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return new ModelVersionFilter(List.of());
    }
    return new ModelVersionFilter(new Parser(filter).conditions());
  }

  List<Condition> conditions() {
    return conditions;
  }

  boolean test(ModelVersion v) {
    for (Condition c : conditions) {
      String actual;
      if (c.key.equals("name")) {
        actual = v.name();
      } else if (c.key.equals("run_id")) {
        actual = v.runId();
      } else if (c.key.equals("source_path")) {
        actual = v.source();
      } else {
        actual = v.tags().get(c.key.substring("tags.".length()));
      }
      if (!matches(c, actual)) {
        return false;
      }
    }
    return true;
  }

  private static boolean matches(Condition c, String actual) {
    if (actual == null) {
      return false;
    }
    switch (c.op) {
      case "=":
        return actual.equals(c.values.get(0));
      case "!=":
        return !actual.equals(c.values.get(0));
      case "LIKE":
        return like(c.values.get(0), false).matcher(actual).matches();
      case "ILIKE":
        return like(c.values.get(0), true).matcher(actual).matches();
      default: // IN
        return c.values.contains(actual);
    }
  }

  /** SQL's LIKE as a regular expression: {@code %} any run, {@code _} one character. */
  static Pattern like(String pattern, boolean ignoreCase) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '%' || ch == '_') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(ch == '%' ? ".*" : ".");
      } else {
        literal.append(ch);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(
        regex.toString(),
        Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }

  /** The model name when the filter has {@code name = '…'}: only that model's versions match. */
  String exactName() {
    for (Condition c : conditions) {
      if (c.key.equals("name") && c.op.equals("=")) {
        return c.values.get(0);
      }
    }
    return null;
  }

  /** The run ids when the filter has {@code run_id = '…'} or {@code run_id IN (…)}, else null. */
  List<String> runIds() {
    for (Condition c : conditions) {
      if (c.key.equals("run_id") && (c.op.equals("=") || c.op.equals("IN"))) {
        return c.values;
      }
    }
    return null;
  }

  /** A hand-written scanner and parser: the grammar is a list of {@code key op value}. */
  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    List<Condition> conditions() {
      List<Condition> out = new ArrayList<>();
      while (true) {
        out.add(condition());
        skipSpaces();
        if (pos == text.length()) {
          return out;
        }
        int at = pos;
        String word = word();
        if (!word.equalsIgnoreCase("AND")) {
          throw error(at, word, "AND or the end of the filter (only AND joins conditions)");
        }
      }
    }

    private Condition condition() {
      skipSpaces();
      int at = pos;
      String key = key();
      if (!key.equals("name")
          && !key.equals("run_id")
          && !key.equals("source_path")
          && !(key.startsWith("tags.") && key.length() > 5)) {
        throw error(at, key, "a key: name, run_id, source_path or tags.<key>");
      }
      skipSpaces();
      int opAt = pos;
      String op = operator();
      if (op.equals("IN")) {
        if (!key.equals("run_id")) {
          throw error(opAt, op, "=, !=, LIKE or ILIKE (IN works on run_id only)");
        }
        return new Condition(key, op, list());
      }
      skipSpaces();
      return new Condition(key, op, List.of(string()));
    }

    private String key() {
      if (pos < text.length() && text.charAt(pos) == '`') {
        return quoted('`');
      }
      StringBuilder key = new StringBuilder();
      while (pos < text.length()) {
        char ch = text.charAt(pos);
        if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '.') {
          key.append(ch);
          pos++;
        } else if (ch == '`' && key.toString().endsWith(".")) {
          key.append(quoted('`'));
        } else {
          break;
        }
      }
      if (key.length() == 0) {
        throw error(pos, token(pos), "a key: name, run_id, source_path or tags.<key>");
      }
      return key.toString();
    }

    private String operator() {
      int at = pos;
      if (text.startsWith("!=", pos)) {
        pos += 2;
        return "!=";
      }
      if (text.startsWith("=", pos)) {
        pos += 1;
        return "=";
      }
      String word = word().toUpperCase(Locale.ROOT);
      if (word.equals("LIKE") || word.equals("ILIKE") || word.equals("IN")) {
        return word;
      }
      throw error(at, token(at), "an operator: =, !=, LIKE, ILIKE or IN");
    }

    private List<String> list() {
      skipSpaces();
      if (pos >= text.length() || text.charAt(pos) != '(') {
        throw error(pos, token(pos), "'(' to open the list of IN");
      }
      pos++;
      List<String> values = new ArrayList<>();
      while (true) {
        skipSpaces();
        values.add(string());
        skipSpaces();
        if (pos < text.length() && text.charAt(pos) == ',') {
          pos++;
        } else if (pos < text.length() && text.charAt(pos) == ')') {
          pos++;
          return values;
        } else {
          throw error(pos, token(pos), "',' or ')' in the list of IN");
        }
      }
    }

    private String string() {
      if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
        return quoted(text.charAt(pos));
      }
      throw error(pos, token(pos), "a quoted string such as 'churn'");
    }

    /** A string in {@code quote}s; a doubled quote stands for one. */
    private String quoted(char quote) {
      int start = pos;
      pos++;
      StringBuilder s = new StringBuilder();
      while (pos < text.length()) {
        char ch = text.charAt(pos++);
        if (ch == quote) {
          if (pos < text.length() && text.charAt(pos) == quote) {
            s.append(quote);
            pos++;
          } else {
            return s.toString();
          }
        } else {
          s.append(ch);
        }
      }
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Unterminated string starting at position "
              + (start + 1)
              + " of the filter \""
              + text
              + "\": close it with "
              + quote
              + ".");
    }

    private String word() {
      int start = pos;
      while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        pos++;
      }
      return pos == start ? token(start) : text.substring(start, pos);
    }

    private String token(int at) {
      if (at >= text.length()) {
        return "";
      }
      int end = at;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      return text.substring(at, Math.max(end, at + 1));
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private HttpError error(int at, String found, String expected) {
      String what = found.isEmpty() ? "the end of the filter" : "token '" + found + "'";
      return new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Unexpected "
              + what
              + " at position "
              + (at + 1)
              + " of the filter \""
              + text
              + "\": expected "
              + expected
              + ".");
    }
  }

  /** MLflow's order_by for model versions; default name ascending, then newest version first. */
  static final class Order implements Comparator<ModelVersion> {
    private final Comparator<ModelVersion> comparator;

    private Order(Comparator<ModelVersion> comparator) {
      this.comparator = comparator;
    }

    static Order parse(List<String> clauses) {
      Comparator<ModelVersion> c = null;
      for (String clause : clauses) {
        String[] parts = clause.strip().split("\\s+");
        boolean desc = false;
        if (parts.length == 2 && parts[1].equalsIgnoreCase("DESC")) {
          desc = true;
        } else if (parts.length > 2 || parts.length == 2 && !parts[1].equalsIgnoreCase("ASC")) {
          throw bad(clause);
        }
        Comparator<ModelVersion> one = column(parts[0], clause);
        one = desc ? one.reversed() : one;
        c = c == null ? one : c.thenComparing(one);
      }
      Comparator<ModelVersion> tie =
          Comparator.comparing(ModelVersion::name)
              .thenComparing(Comparator.comparingInt(ModelVersion::version).reversed());
      return new Order(c == null ? tie : c.thenComparing(tie));
    }

    private static Comparator<ModelVersion> column(String name, String clause) {
      Function<ModelVersion, Long> time;
      switch (name.toLowerCase(Locale.ROOT)) {
        case "name":
          return Comparator.comparing(ModelVersion::name);
        case "version_number":
        case "version":
          return Comparator.comparingInt(ModelVersion::version);
        case "creation_timestamp":
          time = ModelVersion::creationTime;
          return Comparator.comparing(time);
        case "last_updated_timestamp":
          time = ModelVersion::lastUpdatedTime;
          return Comparator.comparing(time);
        default:
          throw bad(clause);
      }
    }

    private static HttpError bad(String clause) {
      return new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Invalid order_by clause '"
              + clause
              + "': expected one of name, version_number, creation_timestamp,"
              + " last_updated_timestamp, optionally followed by ASC or DESC.");
    }

    @Override
    public int compare(ModelVersion a, ModelVersion b) {
      return comparator.compare(a, b);
    }
  }
}
