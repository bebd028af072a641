package dev.kiln.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixtures written by {@code src/test/python/metrics_reference.py} (scikit-learn and numpy),
 * and the comparison used against them: {@value #RELATIVE} relative.
 */
final class Reference {
  static final double RELATIVE = 1e-9;

  private Reference() {}

  static JsonNode load(String name) {
    String resource = "/metrics/" + name + ".json";
    try (InputStream in = Reference.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "missing test fixture " + resource + "; run src/test/python/metrics_reference.py");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static int[][] indexes(JsonNode array) {
    int[][] out = new int[array.size()][];
    for (int b = 0; b < out.length; b++) {
      out[b] = ints(array.get(b));
    }
    return out;
  }

  /** Whether {@code actual} is within {@value #RELATIVE} relative of {@code expected}. */
  static boolean close(double actual, double expected) {
    if (Double.isNaN(expected)) {
      return Double.isNaN(actual);
    }
    return Math.abs(actual - expected) <= RELATIVE * Math.max(Math.abs(expected), 1e-300);
  }

  /** Lists each disagreement as "what: actual but the reference says expected". */
  static final class Differences {
    final List<String> problems = new ArrayList<>();

    void close(String what, double actual, JsonNode expected) {
      double e = expected == null || expected.isNull() ? Double.NaN : expected.asDouble();
      if (!Reference.close(actual, e)) {
        problems.add(what + ": " + actual + " but the reference says " + e);
      }
    }

    void equal(String what, long actual, long expected) {
      if (actual != expected) {
        problems.add(what + ": " + actual + " but the reference says " + expected);
      }
    }
  }
}
