package dev.kiln.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parser for MLflow's search filter syntax: comparisons joined by {@code AND}, e.g. {@code
 * metrics.auc > 0.8 and params.learner = 'lightgbm' and run_name LIKE '%cv%'}. A key is {@code
 * entity.key} (entity one of metrics, params, tags, attributes, datasets, or their singular forms)
 * or a bare attribute name; a key with spaces or symbols is backticked or double-quoted ({@code
 * metrics.`my key`}). Operators: {@code = != <> < <= > >= LIKE ILIKE IN NOT IN}. Values are quoted
 * strings, numbers, or a parenthesised list of strings. Errors name the position (counted from 1)
 * of the token at fault.
 */
final class SearchFilter {
  /** What a key refers to. */
  enum Entity {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET
  }

  /**
   * One comparison.
   *
   * @param op upper case: {@code =, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN}
   * @param value a String, a Double, or a List of Strings (for IN)
   * @param position where the key starts, counted from 1
   */
  record Clause(Entity entity, String key, String op, Object value, int position) {}

  /** One ORDER BY term. */
  record Order(Entity entity, String key, boolean ascending) {}

  private enum Kind {
    WORD,
    QUOTED_KEY,
    STRING,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    END
  }

  private record Token(Kind kind, String text, int position) {}

  private final String source;
  private final String what;
  private final List<Token> tokens;
  private int next;

  private SearchFilter(String source, String what) {
    this.source = source;
    this.what = what;
    this.tokens = tokenize(source, what);
  }

  /** Parses a filter; null or blank means no condition. */
  static List<Clause> parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    SearchFilter p = new SearchFilter(filter, "filter");
    List<Clause> clauses = new ArrayList<>();
    clauses.add(p.clause());
    while (p.peek().kind != Kind.END) {
      Token t = p.take();
      if (t.kind != Kind.WORD || !t.text.equalsIgnoreCase("AND")) {
        throw p.unexpected(t, "AND or the end of the filter (only AND joins conditions)");
      }
      clauses.add(p.clause());
    }
    return clauses;
  }

  /** Parses one order_by term such as {@code metrics.auc DESC}. */
  static Order parseOrder(String term) {
    SearchFilter p = new SearchFilter(term, "order_by term");
    Token start = p.peek();
    if (start.kind == Kind.END) {
      throw StoreException.invalid("An order_by term must not be empty.");
    }
    String[] key = p.key();
    boolean asc = true;
    Token t = p.take();
    if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("DESC")) {
      asc = false;
      t = p.take();
    } else if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("ASC")) {
      t = p.take();
    }
    if (t.kind != Kind.END) {
      throw p.unexpected(t, "ASC, DESC or the end of the term");
    }
    return new Order(entity(key[0], start, p), key[1], asc);
  }

  private Clause clause() {
    Token start = peek();
    String[] key = key();
    Entity entity = entity(key[0], start, this);
    Token op = take();
    String opText;
    if (op.kind == Kind.OP) {
      opText = op.text.equals("<>") ? "!=" : op.text;
    } else if (op.kind == Kind.WORD && isWord(op, "LIKE", "ILIKE", "IN")) {
      opText = op.text.toUpperCase(Locale.ROOT);
    } else if (op.kind == Kind.WORD && isWord(op, "NOT")) {
      Token in = take();
      if (in.kind != Kind.WORD || !isWord(in, "IN")) {
        throw unexpected(in, "IN after NOT");
      }
      opText = "NOT IN";
    } else {
      throw unexpected(op, "a comparison (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN)");
    }
    Object value;
    if (opText.endsWith("IN")) {
      value = list();
    } else {
      Token v = take();
      if (v.kind == Kind.STRING) {
        value = v.text;
      } else if (v.kind == Kind.NUMBER) {
        value = Double.valueOf(v.text);
      } else {
        throw unexpected(v, "a quoted string or a number");
      }
    }
    return new Clause(entity, key[1], opText, value, start.position);
  }

  private List<String> list() {
    Token open = take();
    if (open.kind != Kind.LPAREN) {
      throw unexpected(open, "'(' starting a list of quoted strings");
    }
    List<String> values = new ArrayList<>();
    while (true) {
      Token v = take();
      if (v.kind != Kind.STRING) {
        throw unexpected(v, "a quoted string in the list");
      }
      values.add(v.text);
      Token sep = take();
      if (sep.kind == Kind.RPAREN) {
        return values;
      }
      if (sep.kind != Kind.COMMA) {
        throw unexpected(sep, "',' or ')' in the list");
      }
    }
  }

  /** Returns {entity word or null, key}. */
  private String[] key() {
    Token first = take();
    if (first.kind == Kind.QUOTED_KEY) {
      return new String[] {null, first.text};
    }
    if (first.kind != Kind.WORD) {
      throw unexpected(first, "a key such as metrics.auc, params.learner or run_name");
    }
    if (peek().kind != Kind.DOT) {
      return new String[] {null, first.text};
    }
    take();
    Token k = take();
    if (k.kind != Kind.WORD && k.kind != Kind.QUOTED_KEY) {
      throw unexpected(k, "a key after '" + first.text + ".'");
    }
    StringBuilder key = new StringBuilder(k.text);
    // an unquoted key may itself contain dots: params.model.depth is the param "model.depth"
    while (k.kind == Kind.WORD && peek().kind == Kind.DOT) {
      take();
      Token more = take();
      if (more.kind != Kind.WORD) {
        throw unexpected(more, "the rest of the key '" + key + ".'");
      }
      key.append('.').append(more.text);
    }
    return new String[] {first.text, key.toString()};
  }

  private static Entity entity(String word, Token at, SearchFilter p) {
    if (word == null) {
      return Entity.ATTRIBUTE;
    }
    switch (word.toLowerCase(Locale.ROOT)) {
      case "metric":
      case "metrics":
        return Entity.METRIC;
      case "param":
      case "params":
      case "parameter":
      case "parameters":
        return Entity.PARAM;
      case "tag":
      case "tags":
        return Entity.TAG;
      case "attribute":
      case "attributes":
      case "attr":
      case "run":
        return Entity.ATTRIBUTE;
      case "dataset":
      case "datasets":
        return Entity.DATASET;
      default:
        throw StoreException.invalid(
            "Unknown entity '%s' at position %d of the %s \"%s\": expected metrics, params, tags,"
                + " attributes or datasets.",
            word, at.position, p.what, p.source);
    }
  }

  private static boolean isWord(Token t, String... words) {
    for (String w : words) {
      if (t.text.equalsIgnoreCase(w)) {
        return true;
      }
    }
    return false;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind != Kind.END) {
      next++;
    }
    return t;
  }

  private StoreException unexpected(Token t, String expected) {
    if (t.kind == Kind.END) {
      return StoreException.invalid(
          "The %s \"%s\" ends too early: expected %s.", what, source, expected);
    }
    return StoreException.invalid(
        "Unexpected token '%s' at position %d of the %s \"%s\": expected %s.",
        t.text, t.position, what, source, expected);
  }

  private static List<Token> tokenize(String s, String what) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      int pos = i + 1;
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= s.length()) {
            throw StoreException.invalid(
                "Unterminated quote %s starting at position %d of the %s \"%s\".",
                ch, pos, what, s);
          }
          char c = s.charAt(j);
          if (c == ch) {
            if (j + 1 < s.length() && s.charAt(j + 1) == ch) {
              b.append(ch);
              j += 2;
              continue;
            }
            break;
          }
          b.append(c);
          j++;
        }
        // a double-quoted text right after a dot is a key, as backticks; else a string value
        boolean key = ch == '`' || (ch == '"' && !out.isEmpty() && last(out).kind == Kind.DOT);
        out.add(new Token(key ? Kind.QUOTED_KEY : Kind.STRING, b.toString(), pos));
        i = j + 1;
      } else if (Character.isDigit(ch)
          || ((ch == '-' || ch == '+' || ch == '.')
              && i + 1 < s.length()
              && Character.isDigit(s.charAt(i + 1))
              && (out.isEmpty() || last(out).kind == Kind.OP))) {
        int j = i + 1;
        while (j < s.length()
            && (Character.isDigit(s.charAt(j))
                || s.charAt(j) == '.'
                || s.charAt(j) == 'e'
                || s.charAt(j) == 'E'
                || ((s.charAt(j) == '-' || s.charAt(j) == '+')
                    && (s.charAt(j - 1) == 'e' || s.charAt(j - 1) == 'E')))) {
          j++;
        }
        String text = s.substring(i, j);
        try {
          Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw StoreException.invalid(
              "Malformed number '%s' at position %d of the %s \"%s\".", text, pos, what, s);
        }
        out.add(new Token(Kind.NUMBER, text, pos));
        i = j;
      } else if (Character.isLetter(ch) || ch == '_') {
        int j = i + 1;
        while (j < s.length()
            && (Character.isLetterOrDigit(s.charAt(j)) || "_-/:".indexOf(s.charAt(j)) >= 0)) {
          j++;
        }
        out.add(new Token(Kind.WORD, s.substring(i, j), pos));
        i = j;
      } else if (ch == '.') {
        out.add(new Token(Kind.DOT, ".", pos));
        i++;
      } else if (ch == '(' || ch == ')' || ch == ',') {
        out.add(
            new Token(
                ch == '(' ? Kind.LPAREN : ch == ')' ? Kind.RPAREN : Kind.COMMA,
                String.valueOf(ch),
                pos));
        i++;
      } else if ("=!<>".indexOf(ch) >= 0) {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        String op;
        if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("<>")) {
          op = two;
        } else if (ch == '!') {
          throw StoreException.invalid(
              "Unexpected '!' at position %d of the %s \"%s\": expected '!='.", pos, what, s);
        } else {
          op = String.valueOf(ch);
        }
        out.add(new Token(Kind.OP, op, pos));
        i += op.length();
      } else {
        throw StoreException.invalid(
            "Unexpected character '%s' at position %d of the %s \"%s\".", ch, pos, what, s);
      }
    }
    out.add(new Token(Kind.END, "", s.length() + 1));
    return out;
  }

  private static Token last(List<Token> tokens) {
    return tokens.get(tokens.size() - 1);
  }
}
