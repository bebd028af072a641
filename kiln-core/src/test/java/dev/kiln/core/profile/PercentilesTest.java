package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.json.Json;
import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 101 percentiles saved in a profile (the reference for later drift checks) describe the data:
 * they start at the minimum, end at the maximum, never decrease, and each has the rank it claims
 * within the sketch's error bound.
 */
class PercentilesTest {
  @Test
  void percentilesHaveTheirRanksWithinTheSketchErrorOnALargeColumn() {
    int n = 200_000;
    double[] values = new double[n];
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < n; i++) {
      values[i] = Math.exp(rnd.nextDouble() * 4) + rnd.nextDouble();
    }
    Frame frame = new Frame(List.of(new DoubleColumn("x", values, new BitSet(), n)));
    List<Double> p =
        Profiler.of(frame, "x", Instant.EPOCH).columns().get(0).numbers().percentiles();
    double[] sorted = values.clone();
    Arrays.sort(sorted);

    assertThat(p).hasSize(101);
    assertThat(p.get(0)).isEqualTo(sorted[0]);
    assertThat(p.get(100)).isEqualTo(sorted[n - 1]);
    for (int i = 1; i <= 100; i++) {
      assertThat(p.get(i)).as("p%d", i).isGreaterThanOrEqualTo(p.get(i - 1));
      double rank = (double) countAtMost(sorted, p.get(i)) / n;
      assertThat(rank)
          .as("rank of p%d", i)
          .isBetween(i / 100.0 - 0.0068, i / 100.0 + 0.0068 + 1.0 / n);
    }
  }

  private static int countAtMost(double[] sorted, double v) {
    int idx = Arrays.binarySearch(sorted, v);
    if (idx < 0) {
      return -idx - 1;
    }
    while (idx + 1 < sorted.length && sorted[idx + 1] == v) {
      idx++;
    }
    return idx + 1;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mixed", "large"})
  void profileSurvivesAJsonRoundTrip(String name) throws Exception {
    Profile profile =
        Profiler.of(Fixtures.frame(name), name, Instant.parse("2024-06-01T00:00:00Z"));

    String json = Json.mapper().writeValueAsString(profile);
    Profile read = Json.mapper().readValue(json, Profile.class);

    assertThat(read).isEqualTo(profile);
    assertThat(json).contains("\"null_rate\"", "\"created_at\" : \"2024-06-01T00:00:00Z\"");
  }
}
