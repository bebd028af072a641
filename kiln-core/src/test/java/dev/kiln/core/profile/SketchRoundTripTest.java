package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.json.Json;
import java.time.Instant;
import java.util.Base64;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The KLL sketch saved in a profile (base64 in {@code numbers.sketch}) reloads with DataSketches
 * and answers the same quantiles, and the whole profile survives a JSON round trip. CI runs this on
 * JDK 17 and 25.
 */
class SketchRoundTripTest {
  @ParameterizedTest
  @ValueSource(strings = {"mixed", "large"})
  void savedSketchReloadsWithTheSameQuantiles(String name) {
    Profile profile = Profiler.of(Fixtures.frame(name), name, Instant.EPOCH);

    for (ColumnProfile c : profile.columns()) {
      if (c.numbers() == null) {
        continue;
      }
      byte[] bytes = Base64.getDecoder().decode(c.numbers().sketch());
      KllDoublesSketch sketch = KllDoublesSketch.heapify(Memory.wrap(bytes));
      assertThat(sketch.getK()).isEqualTo(NumericAccumulator.KLL_K);
      assertThat(sketch.getMinItem()).as(c.name()).isEqualTo(c.numbers().min());
      assertThat(sketch.getMaxItem()).as(c.name()).isEqualTo(c.numbers().max());
      for (double r : NumericAccumulator.RANKS) {
        assertThat(sketch.getQuantile(r))
            .as(c.name() + " p" + Math.round(r * 100))
            .isEqualTo(c.numbers().quantiles().get("p" + Math.round(r * 100)));
      }
    }
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
