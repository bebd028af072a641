package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fitted transform, and a whole fitted pipeline, is plain JSON that reads back the same. */
class JsonRoundTripTest {
  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("dev.kiln.core.transform.SkewTest#everyTransform")
  void everyFittedTransformReadsBackEqualAndGivesTheSameFeatures(String column, Transform t)
      throws Exception {
    FittedPipeline p = Pipeline.builder().add(column, t).build().fit(SkewTest.TRAIN, "fraud", 7);
    FittedTransform fitted = p.transforms().get(0);

    String json = Json.mapper().writeValueAsString(fitted);
    FittedTransform back = Json.mapper().readValue(json, FittedTransform.class);

    assertThat(back).isEqualTo(fitted);
    assertThat(Json.mapper().writeValueAsString(back)).isEqualTo(json);
    FittedPipeline reread = new FittedPipeline(p.inputs(), List.of(back));
    assertThat(SkewTest.bits(reread.transform(SkewTest.SERVE).values()))
        .isEqualTo(SkewTest.bits(p.transform(SkewTest.SERVE).values()));
  }

  @Test
  void aFittedPipelineIsPlainSnakeCaseJsonAndRoundTrips() throws Exception {
    FittedPipeline p =
        Pipeline.defaults(SkewTest.TRAIN.schema(), "fraud").fit(SkewTest.TRAIN, "fraud", 7);

    String json = Json.mapper().writeValueAsString(p);
    FittedPipeline back = Json.mapper().readValue(json, FittedPipeline.class);

    JsonNode tree = Json.mapper().readTree(json);
    assertThat(tree.fieldNames()).toIterable().containsExactly("inputs", "transforms");
    assertThat(tree.get("transforms").get(0).get("kind").asText()).isEqualTo("impute");
    assertThat(tree.get("transforms").get(0).has("feature_names")).isFalse();
    assertThat(json)
        .contains("\"kind\" : \"date_parts\"", "\"day_of_year\" : false")
        .doesNotContain("featureNames");
    assertThat(Json.mapper().writeValueAsString(back)).isEqualTo(json);
    assertThat(back.featureNames()).isEqualTo(p.featureNames());
    assertThat(SkewTest.bits(back.transform(SkewTest.SERVE).values()))
        .isEqualTo(SkewTest.bits(p.transform(SkewTest.SERVE).values()));
  }
}
