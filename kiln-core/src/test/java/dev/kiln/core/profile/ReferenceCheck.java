package dev.kiln.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.profile.ColumnProfile.ValueCount;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Compares a profile with the numpy/pandas reference (shared with other modules' tests through
 * kiln-core's test jar) and lists every difference, so one failing test shows them all. Exact
 * statistics must agree to {@value #RELATIVE} relative; quantiles must be items of the data whose
 * rank is within the KLL sketch's documented error of the rank asked for, and equal numpy's {@code
 * inverted_cdf} quantile when the sketch holds every item.
 */
public final class ReferenceCheck {
  static final double RELATIVE = 1e-9;
  static final long EXACT_DISTINCT = 300;
  static final double HLL_RSE = 1.04 / Math.sqrt(1 << 12);

  private final List<String> problems = new ArrayList<>();

  public static List<String> mismatches(Profile profile, Frame data, JsonNode reference) {
    ReferenceCheck check = new ReferenceCheck();
    check.equal("rows", profile.rows(), reference.get("rows").asLong());
    for (JsonNode ref : reference.get("columns")) {
      String name = ref.get("name").asText();
      ColumnProfile c =
          profile.columns().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
      if (c == null) {
        check.problems.add(name + ": not in the profile");
        continue;
      }
      check.column(c, data.column(name), ref);
    }
    return check.problems;
  }

  private void column(ColumnProfile c, Column data, JsonNode ref) {
    String name = c.name();
    equal(name + ".type", c.type(), ref.get("type").asText());
    equal(name + ".count", c.count(), ref.get("count").asLong());
    equal(name + ".nulls", c.nulls(), ref.get("nulls").asLong());
    close(name + ".null_rate", c.nullRate(), (double) ref.get("nulls").asLong() / c.count());
    distinct(name, c.distinct(), ref.get("distinct").asLong());
    switch (ref.get("type").asText()) {
      case "integer", "float" -> numbers(c, data, ref);
      case "timestamp" -> timestamps(c, data, ref);
      case "boolean" -> booleans(c, ref);
      default -> strings(c, ref);
    }
    if (ref.has("value_counts") && !ref.get("type").asText().matches("categorical|text")) {
      List<Long> counts = new ArrayList<>();
      ref.get("value_counts").forEach(vc -> counts.add(vc.get(1).asLong()));
      equal(name + ".histogram.counts", c.histogram().counts(), counts);
    }
    if (ref.has("histogram")) {
      JsonNode h = ref.get("histogram");
      List<Double> edges = c.histogram().edges();
      for (int i = 0; i < edges.size(); i++) {
        close(name + ".histogram.edges[" + i + "]", edges.get(i), h.get("edges").get(i).asDouble());
      }
      long finite = ref.get("finite").asLong();
      double tolerance = KllDoublesSketch.getNormalizedRankError(NumericAccumulator.KLL_K, true);
      long[] counts = c.histogram().counts().stream().mapToLong(Long::longValue).toArray();
      equal(name + ".histogram total", Arrays.stream(counts).sum(), finite);
      for (int i = 0; i < counts.length; i++) {
        long expected = h.get("counts").get(i).asLong();
        if (finite <= NumericAccumulator.KLL_K
            ? counts[i] != expected
            : Math.abs(counts[i] - expected) > Math.ceil(2 * tolerance * finite)) {
          problems.add(name + ".histogram.counts[" + i + "]: " + counts[i] + " vs " + expected);
        }
      }
    }
  }

  /**
   * Exact while the HyperLogLog sketch still lists its coupons (a few hundred values), otherwise
   * within three standard errors (1.04 / sqrt(2^12) each) of the true count.
   */
  private void distinct(String name, long actual, long expected) {
    if (expected <= EXACT_DISTINCT) {
      equal(name + ".distinct", actual, expected);
    } else if (Math.abs(actual - expected) > 3 * HLL_RSE * expected) {
      problems.add(
          name + ".distinct: " + actual + " is not within 3 standard errors of " + expected);
    }
  }

  private void numbers(ColumnProfile c, Column data, JsonNode ref) {
    String name = c.name();
    var n = c.numbers();
    equal(name + ".nan", n.nan(), ref.get("nan").asLong());
    equal(name + ".infinite", n.infinite(), ref.get("infinite").asLong());
    equal(name + ".zeros", n.zeros(), ref.get("zeros").asLong());
    close(name + ".min", n.min(), ref.get("min").asDouble());
    close(name + ".max", n.max(), ref.get("max").asDouble());
    close(name + ".mean", n.mean(), ref.get("mean").asDouble());
    close(name + ".std", n.std(), ref.get("std").asDouble());
    quantiles(name, n.quantiles(), finiteSorted(data), ref);
  }

  private void timestamps(ColumnProfile c, Column data, JsonNode ref) {
    String name = c.name();
    var t = c.timestamps();
    equal(name + ".min", t.min(), ref.get("min_iso").asText());
    equal(name + ".max", t.max(), ref.get("max_iso").asText());
    Map<String, Double> micros = new java.util.LinkedHashMap<>();
    t.quantiles()
        .forEach(
            (p, iso) ->
                micros.put(
                    p,
                    (double)
                        java.time.temporal.ChronoUnit.MICROS.between(
                            java.time.Instant.EPOCH, java.time.Instant.parse(iso))));
    quantiles(name, micros, finiteSorted(data), ref);
    if (ref.get("finite").asLong() <= NumericAccumulator.KLL_K) {
      ref.get("quantiles_iso")
          .fields()
          .forEachRemaining(
              e ->
                  equal(
                      name + ".quantiles." + e.getKey(),
                      t.quantiles().get(e.getKey()),
                      e.getValue().asText()));
    }
  }

  private void quantiles(String name, Map<String, Double> q, double[] sorted, JsonNode ref) {
    JsonNode exact = ref.get("quantiles").get("inverted_cdf");
    double epsilon = KllDoublesSketch.getNormalizedRankError(NumericAccumulator.KLL_K, false);
    int n = sorted.length;
    for (double r : NumericAccumulator.RANKS) {
      String key = "p" + Math.round(r * 100);
      Double value = q.get(key);
      if (value == null) {
        problems.add(name + ".quantiles." + key + ": missing");
        continue;
      }
      int below = lowerBound(sorted, value);
      int atOrBelow = upperBound(sorted, value);
      if (below == atOrBelow) {
        problems.add(name + ".quantiles." + key + ": " + value + " is not a value of the data");
        continue;
      }
      // The item's ranks span (below, atOrBelow]; one of them must be within epsilon of r.
      double lo = (double) (below + 1) / n;
      double hi = (double) atOrBelow / n;
      if (hi < r - epsilon || lo > r + epsilon) {
        problems.add(
            String.format(
                "%s.quantiles.%s: %s has rank [%.4f, %.4f], not within %.4f of %s",
                name, key, value, lo, hi, epsilon, r));
      }
      if (n <= NumericAccumulator.KLL_K) {
        close(name + ".quantiles." + key + " (inverted_cdf)", value, exact.get(key).asDouble());
      }
    }
  }

  private void booleans(ColumnProfile c, JsonNode ref) {
    equal(
        c.name() + ".top",
        c.top(),
        List.of(
            new ValueCount("true", ref.get("true").asLong()),
            new ValueCount("false", ref.get("false").asLong())));
  }

  private void strings(ColumnProfile c, JsonNode ref) {
    String name = c.name();
    List<ValueCount> expected = new ArrayList<>();
    for (JsonNode vc : ref.get("value_counts")) {
      if (expected.size() < StringAccumulator.TOP) {
        expected.add(new ValueCount(vc.get(0).asText(), vc.get(1).asLong()));
      }
    }
    equal(name + ".top", c.top(), expected);
    equal(name + ".lengths.min", c.lengths().min(), ref.get("length_min").asLong());
    equal(name + ".lengths.max", c.lengths().max(), ref.get("length_max").asLong());
    close(name + ".lengths.mean", c.lengths().mean(), ref.get("length_mean").asDouble());
  }

  static double[] finiteSorted(Column column) {
    double[] values = new double[column.size()];
    int k = 0;
    for (int i = 0; i < column.size(); i++) {
      if (column.isNull(i)) {
        continue;
      }
      double v =
          column instanceof DoubleColumn d ? d.value(i) : (double) ((LongColumn) column).value(i);
      if (Double.isFinite(v)) {
        values[k++] = v;
      }
    }
    double[] out = Arrays.copyOf(values, k);
    Arrays.sort(out);
    return out;
  }

  private static int lowerBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static int upperBound(double[] sorted, double v) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private void equal(String what, Object actual, Object expected) {
    if (!java.util.Objects.equals(actual, expected)) {
      problems.add(what + ": " + actual + " but the reference says " + expected);
    }
  }

  private void close(String what, Double actual, double expected) {
    if (actual == null
        || Math.abs(actual - expected) > RELATIVE * Math.max(Math.abs(expected), 1e-300)) {
      problems.add(what + ": " + actual + " but the reference says " + expected);
    }
  }
}
