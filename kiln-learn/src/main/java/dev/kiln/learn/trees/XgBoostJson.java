package dev.kiln.learn.trees;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Reads XGBoost's JSON model (doc/model.schema in XGBoost's repository). The text comes from a
 * booster the library has already loaded, so anything unexpected in it is {@link Unsupported} (the
 * library predicts instead), never a user's error.
 *
 * <p>The same tree read from XGBoost's UBJSON file ({@link Ubjson}) holds float32 numbers as
 * floats, used as they are. Numbers are read from their JSON text straight to float: XGBoost writes
 * each float as the shortest decimal that reads back to it, and a detour through double could round
 * differently.
 */
final class XgBoostJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private XgBoostJson() {}

  static Ensemble read(byte[] json, int rounds) throws Unsupported {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Unsupported("the XGBoost model is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Unsupported("the XGBoost model could not be read: " + e.getMessage());
    }
    return read(root, rounds);
  }

  /** The model from its JSON tree: parsed JSON, or UBJSON read by {@link Ubjson}. */
  static Ensemble read(JsonNode root, int rounds) throws Unsupported {
    JsonNode learner = field(root, "learner");
    JsonNode booster = field(learner, "gradient_booster");
    String kind = field(booster, "name").asText();
    if (!kind.equals("gbtree")) {
      throw new Unsupported("the XGBoost booster is '" + kind + "'; Kiln evaluates gbtree only");
    }
    JsonNode model = field(booster, "model");
    JsonNode params = field(learner, "learner_model_param");
    String objective = field(field(learner, "objective"), "name").asText();
    int classes = integer(field(params, "num_class"));
    if (params.has("num_target") && integer(params.get("num_target")) > 1) {
      throw new Unsupported("the XGBoost model has several targets");
    }
    EnsembleBuilder b = new EnsembleBuilder();
    b.float32 = true;
    b.features = integer(field(params, "num_feature"));
    b.groups = Math.max(1, classes);
    float[] base = floats(field(params, "base_score").asText());
    switch (objective) {
      case "binary:logistic":
        b.link = Ensemble.Link.SIGMOID;
        break;
      case "multi:softprob":
        b.link = Ensemble.Link.SOFTMAX;
        break;
      case "reg:squarederror":
        b.link = Ensemble.Link.IDENTITY;
        break;
      default:
        throw new Unsupported(
            "Kiln's tree evaluator implements the XGBoost objectives binary:logistic,"
                + " multi:softprob and reg:squarederror but the model has '"
                + objective
                + "'");
    }
    if ((b.link == Ensemble.Link.SOFTMAX) != (classes > 1)) {
      throw new Unsupported("objective " + objective + " with num_class=" + classes);
    }
    b.base = margins(base, b.groups, b.link);
    JsonNode trees = field(model, "trees");
    int[] info = ints(field(model, "tree_info"));
    int end = lastTree(model, rounds, b.groups);
    if (end > trees.size() || end > info.length) {
      throw new Unsupported(
          "the XGBoost model has " + trees.size() + " trees but " + rounds + " rounds need " + end);
    }
    for (int t = 0; t < end; t++) {
      tree(t, trees.get(t), info[t], b);
    }
    b.description = "XGBoost JSON: " + end + " trees, " + objective;
    return b.build();
  }

  /** One past the last tree of round {@code rounds - 1}. */
  private static int lastTree(JsonNode model, int rounds, int groups) throws Unsupported {
    if (rounds < 1) {
      throw new Unsupported("the XGBoost model keeps " + rounds + " rounds");
    }
    JsonNode indptrNode = model.get("iteration_indptr");
    if (indptrNode != null && (indptrNode.isArray() || indptrNode.isPojo())) {
      int[] indptr = ints(indptrNode);
      if (rounds >= indptr.length) {
        throw new Unsupported(
            "the XGBoost model has " + (indptr.length - 1) + " rounds, not " + rounds);
      }
      return indptr[rounds];
    }
    int parallel = integer(field(field(model, "gbtree_model_param"), "num_parallel_tree"));
    return rounds * groups * parallel;
  }

  /** The starting margins: base_score through the objective's link (ProbToMargin). */
  private static double[] margins(float[] base, int groups, Ensemble.Link link) throws Unsupported {
    if (base.length != 1 && base.length != groups) {
      throw new Unsupported("base_score has " + base.length + " values for " + groups + " outputs");
    }
    double[] m = new double[groups];
    for (int k = 0; k < groups; k++) {
      float p = base[base.length == 1 ? 0 : k];
      if (link == Ensemble.Link.SIGMOID) {
        // LogisticRegression::ProbToMargin: clamp to [kRtEps, 1 - kRtEps], then -logf(1/x - 1)
        float x = Math.min(Math.max(p, 1e-6f), 1.0f - 1e-6f);
        p = -(float) Math.log(1.0f / x - 1.0f);
      }
      m[k] = p;
    }
    return m;
  }

  private static void tree(int index, JsonNode tree, int group, EnsembleBuilder b)
      throws Unsupported {
    JsonNode param = field(tree, "tree_param");
    if (param.has("size_leaf_vector") && integer(param.get("size_leaf_vector")) > 1) {
      throw new Unsupported("XGBoost tree " + index + " has vector leaves");
    }
    JsonNode splitType = tree.get("split_type");
    if (splitType != null) {
      for (int s : ints(splitType)) {
        if (s != 0) {
          throw new Unsupported("XGBoost tree " + index + " has categorical splits");
        }
      }
    }
    int[] left = ints(field(tree, "left_children"));
    int[] right = ints(field(tree, "right_children"));
    int[] feature = ints(field(tree, "split_indices"));
    int[] defaultLeft = ints(field(tree, "default_left"));
    float[] cond = floats(field(tree, "split_conditions"));
    int n = left.length;
    if (right.length != n || feature.length != n || defaultLeft.length != n || cond.length != n) {
      throw new Unsupported("XGBoost tree " + index + " has node arrays of different lengths");
    }
    if (n == 0 || group < 0 || group >= b.groups) {
      throw new Unsupported("XGBoost tree " + index + " is empty or of an unknown class");
    }
    // number the internal nodes and the leaves reachable from node 0, in visiting order
    int[] newIndex = new int[n];
    Arrays.fill(newIndex, Integer.MIN_VALUE);
    int internal = 0;
    int leaves = 0;
    Deque<Integer> todo = new ArrayDeque<>();
    todo.push(0);
    int[] order = new int[n];
    int visited = 0;
    while (!todo.isEmpty()) {
      int node = todo.pop();
      if (node < 0 || node >= n || newIndex[node] != Integer.MIN_VALUE) {
        throw new Unsupported("XGBoost tree " + index + " is not a tree at node " + node);
      }
      order[visited++] = node;
      if (left[node] == -1) {
        newIndex[node] = ~leaves++;
      } else {
        newIndex[node] = internal++;
        todo.push(right[node]);
        todo.push(left[node]);
      }
    }
    int[] sf = new int[internal];
    double[] th = new double[internal];
    int[] lc = new int[internal];
    int[] rc = new int[internal];
    byte[] flags = new byte[internal];
    double[] values = new double[leaves];
    for (int v = 0; v < visited; v++) {
      int node = order[v];
      int at = newIndex[node];
      if (at < 0) {
        values[~at] = cond[node];
        continue;
      }
      if (feature[node] < 0 || feature[node] >= b.features) {
        throw new Unsupported(
            "XGBoost tree " + index + " splits on feature " + feature[node] + " of " + b.features);
      }
      sf[at] = feature[node];
      float c = cond[node];
      // x < c  <=>  x <= nextDown(c) for floats; nothing is < -inf, and nothing is <= NaN
      th[at] = c == Float.NEGATIVE_INFINITY ? Double.NaN : Math.nextDown(c);
      lc[at] = newIndex[left[node]];
      rc[at] = newIndex[right[node]];
      flags[at] =
          (byte) (Ensemble.MISSING_NAN | (defaultLeft[node] != 0 ? Ensemble.DEFAULT_LEFT : 0));
    }
    b.tree(group, sf, th, lc, rc, flags, values);
  }

  private static JsonNode field(JsonNode node, String name) throws Unsupported {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      throw new Unsupported("the XGBoost model JSON has no '" + name + "'");
    }
    return v;
  }

  /** XGBoost writes most integers of its parameters as strings. */
  private static int integer(JsonNode node) throws Unsupported {
    try {
      return node.isTextual() ? Integer.parseInt(node.asText().trim()) : node.intValue();
    } catch (NumberFormatException e) {
      throw new Unsupported("the XGBoost model has '" + node.asText() + "' for an integer");
    }
  }

  /** An array of integers: JSON's, or {@link Ubjson}'s packed {@code int[]}. */
  private static int[] ints(JsonNode array) throws Unsupported {
    Object packed = packed(array);
    if (packed instanceof int[] ints) {
      return ints;
    }
    if (packed != null || !array.isArray()) {
      throw new Unsupported("the XGBoost model has " + array.getNodeType() + " for integers");
    }
    int[] v = new int[array.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode e = array.get(i);
      v[i] = e.isBoolean() ? (e.booleanValue() ? 1 : 0) : integer(e);
    }
    return v;
  }

  /** An array of numbers: JSON's, or {@link Ubjson}'s packed {@code float[]} or {@code int[]}. */
  private static float[] floats(JsonNode array) throws Unsupported {
    Object packed = packed(array);
    if (packed instanceof float[] floats) {
      return floats;
    }
    if (packed instanceof int[] ints) {
      float[] v = new float[ints.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = ints[i];
      }
      return v;
    }
    if (packed != null || !array.isArray()) {
      throw new Unsupported("the XGBoost model has " + array.getNodeType() + " for numbers");
    }
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      JsonNode e = array.get(i);
      v[i] = e.isFloat() ? e.floatValue() : parseFloat(e.asText());
    }
    return v;
  }

  private static Object packed(JsonNode node) {
    return node instanceof POJONode p ? p.getPojo() : null;
  }

  /** A number or a JSON array of numbers written as a string ("5E-1", "[5E-1]"). */
  private static float[] floats(String text) throws Unsupported {
    String t = text.trim();
    if (t.startsWith("[") && t.endsWith("]")) {
      t = t.substring(1, t.length() - 1);
    }
    String[] parts = t.split(",");
    float[] v = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      v[i] = parseFloat(parts[i].trim());
    }
    return v;
  }

  private static float parseFloat(String text) throws Unsupported {
    try {
      return Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new Unsupported("the XGBoost model has '" + text + "' for a number");
    }
  }
}
