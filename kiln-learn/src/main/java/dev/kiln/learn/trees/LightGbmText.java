package dev.kiln.learn.trees;

import dev.kiln.core.UserException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads LightGBM's text model: a header of {@code key=value} lines, then one {@code Tree=N} section
 * per tree, then {@code end of trees} (GBDT::SaveModelToString and Tree::ToString in LightGBM's
 * src/boosting/gbdt_model_text.cpp and src/io/tree.cpp). A malformed text is a {@link
 * UserException} naming the line and tree; a well-formed model that uses what the evaluator does
 * not implement is {@link Unsupported}.
 */
final class LightGbmText {
  private static final String[] TREE_KEYS = {
    "num_leaves",
    "split_feature",
    "threshold",
    "decision_type",
    "left_child",
    "right_child",
    "leaf_value"
  };

  private final String[] lines;
  private int at;

  private LightGbmText(String text) {
    this.lines = text.split("\n", -1);
  }

  static Ensemble read(String text) throws Unsupported {
    return new LightGbmText(text).read();
  }

  private Ensemble read() throws Unsupported {
    if (lines.length == 0 || !line(0).equals("tree")) {
      throw error(0, null, "expected the first line to be 'tree' but found '" + cut(line(0)) + "'");
    }
    Map<String, Integer> header = new HashMap<>();
    boolean average = false;
    for (at = 1; at < lines.length && !line(at).startsWith("Tree="); at++) {
      String l = line(at);
      if (l.equals("average_output")) {
        average = true;
      } else if (l.equals("end of trees")) {
        break;
      } else if (l.contains("=")) {
        header.put(l.substring(0, l.indexOf('=')), at);
      }
    }
    int classes = headerInt(header, "num_class");
    int perIteration = headerInt(header, "num_tree_per_iteration");
    int maxFeature = headerInt(header, "max_feature_idx");
    EnsembleBuilder b = new EnsembleBuilder();
    b.zeroSmall = true;
    b.groups = perIteration;
    b.base = new double[perIteration];
    objective(header, classes, perIteration, b);
    int trees = 0;
    while (at < lines.length && line(at).startsWith("Tree=")) {
      tree(trees++, perIteration, maxFeature, b);
      while (at < lines.length && line(at).isEmpty()) {
        at++;
      }
    }
    if (at >= lines.length || !line(at).equals("end of trees")) {
      throw error(
          Math.min(at, lines.length - 1),
          trees > 0 ? trees - 1 : null,
          "expected 'Tree=" + trees + "' or 'end of trees'; the text is truncated or edited");
    }
    if (trees == 0 || trees % perIteration != 0) {
      throw error(
          at,
          null,
          "the model has "
              + trees
              + " trees, which is not a positive multiple of num_tree_per_iteration="
              + perIteration);
    }
    b.features = Math.max(b.features, maxFeature + 1);
    b.average = average ? trees / perIteration : 0;
    b.description =
        "LightGBM text: " + trees + " trees, " + b.link.name().toLowerCase(java.util.Locale.ROOT);
    return b.build();
  }

  private void objective(
      Map<String, Integer> header, int classes, int perIteration, EnsembleBuilder b)
      throws Unsupported {
    Integer line = header.get("objective");
    if (line == null) {
      throw new Unsupported("the LightGBM model names no objective, so its output is unknown");
    }
    String[] words = value(line).trim().split(" ");
    String name = words[0];
    if (name.equals("binary") && classes == 1 && perIteration == 1) {
      b.link = Ensemble.Link.SIGMOID;
      b.sigmoid = 1;
      for (String w : words) {
        if (w.startsWith("sigmoid:")) {
          b.sigmoid = number(line, null, "sigmoid", w.substring("sigmoid:".length()));
        }
      }
    } else if (name.equals("multiclass") && classes > 2 && perIteration == classes) {
      b.link = Ensemble.Link.SOFTMAX;
    } else if (name.equals("regression") && words.length == 1 && perIteration == 1) {
      b.link = Ensemble.Link.IDENTITY;
    } else {
      throw new Unsupported(
          "Kiln's tree evaluator implements the LightGBM objectives binary, multiclass and"
              + " regression (L2) but the model has '"
              + value(line).trim()
              + "' with num_class="
              + classes);
    }
  }

  private void tree(int index, int perIteration, int maxFeature, EnsembleBuilder b)
      throws Unsupported {
    int start = at;
    String title = line(at);
    if (!title.equals("Tree=" + index)) {
      throw error(at, index, "expected 'Tree=" + index + "' but found '" + cut(title) + "'");
    }
    Map<String, Integer> keys = new HashMap<>();
    for (at++; at < lines.length; at++) {
      String l = line(at);
      if (l.isEmpty() || l.startsWith("Tree=") || l.equals("end of trees")) {
        break;
      }
      int eq = l.indexOf('=');
      if (eq < 0) {
        throw error(at, index, "expected key=value but found '" + cut(l) + "'");
      }
      keys.put(l.substring(0, eq), at);
    }
    for (String key : TREE_KEYS) {
      if (!keys.containsKey(key)) {
        throw error(start, index, "the tree has no '" + key + "' line; the text is truncated");
      }
    }
    if (keys.containsKey("num_cat") && integer(keys.get("num_cat"), index, "num_cat") > 0) {
      throw new Unsupported("tree " + index + " has categorical splits (num_cat > 0)");
    }
    if (keys.containsKey("is_linear") && integer(keys.get("is_linear"), index, "is_linear") != 0) {
      throw new Unsupported("tree " + index + " has linear models in its leaves (linear_tree)");
    }
    int leaves = integer(keys.get("num_leaves"), index, "num_leaves");
    if (leaves < 1) {
      throw error(keys.get("num_leaves"), index, "num_leaves must be at least 1 but is " + leaves);
    }
    int nodes = leaves - 1;
    int[] feature = ints(keys, "split_feature", nodes, index);
    double[] threshold = doubles(keys, "threshold", nodes, index);
    int[] decision = ints(keys, "decision_type", nodes, index);
    int[] left = ints(keys, "left_child", nodes, index);
    int[] right = ints(keys, "right_child", nodes, index);
    double[] leafValue = doubles(keys, "leaf_value", leaves, index);
    byte[] flags = new byte[nodes];
    for (int n = 0; n < nodes; n++) {
      if (feature[n] < 0 || feature[n] > maxFeature) {
        throw error(
            keys.get("split_feature"),
            index,
            "node "
                + n
                + " splits on feature "
                + feature[n]
                + " but max_feature_idx="
                + maxFeature);
      }
      int d = decision[n];
      if ((d & 1) != 0) {
        throw new Unsupported("tree " + index + " node " + n + " is a categorical split");
      }
      int missing = (d >> 2) & 3;
      if (missing == 3 || d < 0 || d > 15) {
        throw error(
            keys.get("decision_type"), index, "node " + n + " has unknown decision_type " + d);
      }
      flags[n] =
          (byte)
              (((d & 2) != 0 ? Ensemble.DEFAULT_LEFT : 0)
                  | (missing == 1 ? Ensemble.MISSING_ZERO : 0)
                  | (missing == 2 ? Ensemble.MISSING_NAN : 0));
    }
    String shape = EnsembleBuilder.shapeProblem(left, right, leaves);
    if (shape != null) {
      throw error(keys.get("left_child"), index, shape);
    }
    b.tree(index % perIteration, feature, threshold, left, right, flags, leafValue);
  }

  private int headerInt(Map<String, Integer> header, String key) {
    Integer line = header.get(key);
    if (line == null) {
      throw error(Math.min(at, lines.length - 1), null, "the header has no '" + key + "' line");
    }
    int v = integer(line, null, key);
    if (v < (key.equals("max_feature_idx") ? 0 : 1)) {
      throw error(line, null, key + " must be positive but is " + v);
    }
    return v;
  }

  private int[] ints(Map<String, Integer> keys, String key, int count, int tree) {
    int line = keys.get(key);
    String[] parts = split(line, key, count, tree);
    int[] v = new int[count];
    for (int i = 0; i < count; i++) {
      try {
        v[i] = Integer.parseInt(parts[i]);
      } catch (NumberFormatException e) {
        throw error(
            line, tree, key + " value " + (i + 1) + " '" + cut(parts[i]) + "' is not an integer");
      }
    }
    return v;
  }

  private double[] doubles(Map<String, Integer> keys, String key, int count, int tree) {
    int line = keys.get(key);
    String[] parts = split(line, key, count, tree);
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = number(line, tree, key, parts[i]);
    }
    return v;
  }

  private String[] split(int line, String key, int count, int tree) {
    String v = value(line);
    String[] parts = v.isEmpty() ? new String[0] : v.split(" ");
    if (parts.length != count) {
      throw error(line, tree, key + " has " + parts.length + " values but the tree needs " + count);
    }
    return parts;
  }

  private int integer(int line, Integer tree, String key) {
    try {
      return Integer.parseInt(value(line).trim());
    } catch (NumberFormatException e) {
      throw error(line, tree, key + " is '" + cut(value(line)) + "', not an integer");
    }
  }

  private double number(int line, Integer tree, String key, String text) {
    // C++ streams write infinities as inf and -inf (a split above every value has threshold inf)
    if (text.equals("inf") || text.equals("+inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (text.equals("-inf")) {
      return Double.NEGATIVE_INFINITY;
    }
    try {
      double d = Double.parseDouble(text);
      if (Double.isNaN(d)) {
        throw new NumberFormatException("NaN");
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(line, tree, key + " value '" + cut(text) + "' is not a number");
    }
  }

  private String line(int i) {
    String l = lines[i];
    return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
  }

  private String value(int line) {
    String l = line(line);
    return l.substring(l.indexOf('=') + 1);
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private UserException error(int line, Integer tree, String what) {
    return new UserException(
        "LightGBM model text, line "
            + (line + 1)
            + (tree == null ? "" : " (Tree=" + tree + ")")
            + ": "
            + what);
  }
}
