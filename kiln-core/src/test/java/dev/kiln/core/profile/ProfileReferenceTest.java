package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.frame.Frame;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile agrees with numpy and pandas on the datasets {@code profile_reference.py} generated:
 * "mixed" (300 rows, fewer than the sketch's k, with nulls, NaN, infinities, a categorical, a
 * timestamp and a boolean) and "large" (5,000 rows, where quantiles are approximate).
 */
class ProfileReferenceTest {
  @ParameterizedTest
  @ValueSource(strings = {"mixed", "large"})
  void agreesWithNumpyAndPandas(String name) {
    Frame frame = Fixtures.frame(name);
    JsonNode reference = Fixtures.reference(name);

    Profile profile = Profiler.of(frame, name + ".csv", Instant.EPOCH);

    assertThat(ReferenceCheck.mismatches(profile, frame, reference)).isEmpty();
  }

  @Test
  void checkNoticesAStatisticThatDiffersFromTheReference() {
    Frame frame = Fixtures.frame("mixed");
    JsonNode reference = Fixtures.reference("mixed");
    ObjectNode amount = (ObjectNode) reference.get("columns").get(1);
    amount.put("mean", amount.get("mean").asDouble() * (1 + 1e-8));
    ((ObjectNode) amount.get("quantiles").get("inverted_cdf")).put("p50", 32.17);

    Profile profile = Profiler.of(frame, "mixed.csv", Instant.EPOCH);

    assertThat(ReferenceCheck.mismatches(profile, frame, reference))
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).startsWith("amount.mean: "))
        .anySatisfy(m -> assertThat(m).startsWith("amount.quantiles.p50 (inverted_cdf): 32.16"));
  }
}
