package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.StringColumn;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Agreement with scikit-learn (to 1e-12) on the fixture {@code src/test/python/
 * transform_reference.py} wrote: SimpleImputer, StandardScaler, OneHotEncoder, OrdinalEncoder and
 * murmurhash3_32.
 */
class ReferenceTest {
  static final JsonNode REF = load();
  static final Frame TRAIN = frame(REF.get("train"));
  static final Frame TEST = frame(REF.get("test"));

  @ParameterizedTest
  @ValueSource(strings = {"mean", "median", "most_frequent", "constant"})
  void imputeAgreesWithSimpleImputerAndItsIndicator(String strategy) {
    Impute spec = new Impute(strategy, 7.5, true);
    FeatureMatrix m = fitTransform("amount", spec);

    assertClose(m, REF.get("impute_amount").get(strategy));
  }

  @Test
  void standardizeAgreesWithStandardScaler() {
    assertClose(fitTransform("score", Standardize.plain()), REF.get("standardize_score"));
  }

  @Test
  void standardizeOfAConstantColumnAgreesWithStandardScaler() {
    FeatureMatrix m = fitTransform("flat", Standardize.plain());

    assertClose(m, REF.get("standardize_flat"));
    assertThat(m.get(0, 0)).isEqualTo(0.0);
  }

  @Test
  void standardizeAfterMedianAgreesWithImputerThenScaler() {
    assertClose(
        fitTransform("amount", Standardize.after(Impute.median())),
        REF.get("standardize_amount_after_median"));
  }

  @Test
  void oneHotAgreesWithOneHotEncoderAndMarksUnseenInItsOwnFeature() {
    JsonNode ref = REF.get("one_hot_merchant");
    FittedPipeline p = Pipeline.builder().oneHot("merchant").build().fit(TRAIN, (double[]) null, 1);
    FeatureMatrix m = p.transform(TEST);

    List<String> categories = new ArrayList<>();
    ref.get("categories").forEach(c -> categories.add(c.asText()));
    assertThat(((OneHotFit) p.transforms().get(0)).categories()).isEqualTo(categories);
    int k = categories.size();
    for (int r = 0; r < m.rows(); r++) {
      double sklearnSum = 0;
      for (int f = 0; f < k; f++) {
        assertThat(m.get(r, f)).isEqualTo(ref.get("values").get(r).get(f).asDouble());
        sklearnSum += m.get(r, f);
      }
      // scikit-learn gives an unseen category all zeros; Kiln sets the unseen feature
      assertThat(m.get(r, k)).isEqualTo(sklearnSum == 0 ? 1.0 : 0.0);
      assertThat(m.get(r, k + 1)).isEqualTo(0.0);
    }
  }

  @Test
  void ordinalAgreesWithOrdinalEncoderWithUnknownValueMinusOne() {
    FeatureMatrix m = fitTransform("merchant", new Ordinal());

    assertClose(m, REF.get("ordinal_merchant"));
    assertThat(m.values()).contains(-1.0);
  }

  @Test
  void murmur3AgreesWithScikitLearnsMurmurhash3() {
    for (JsonNode c : REF.get("murmur3")) {
      assertThat(Murmur3.hash(c.get("token").asText(), c.get("seed").asInt()))
          .as("%s seed %d", c.get("token"), c.get("seed").asInt())
          .isEqualTo((int) c.get("hash").asLong());
    }
  }

  @Test
  void theCheckNoticesADifferenceAboveTheTolerance() {
    FeatureMatrix m = fitTransform("score", Standardize.plain());
    m.values()[3] += 1e-11;

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> assertClose(m, REF.get("standardize_score")))
        .isInstanceOf(AssertionError.class);
  }

  static FeatureMatrix fitTransform(String column, Transform t) {
    return Pipeline.builder().add(column, t).build().fit(TRAIN, (double[]) null, 1).transform(TEST);
  }

  /** Each row of {@code m} against a reference that is a list of rows or of single values. */
  static void assertClose(FeatureMatrix m, JsonNode ref) {
    assertThat(m.rows()).isEqualTo(ref.size());
    for (int r = 0; r < m.rows(); r++) {
      JsonNode row = ref.get(r);
      for (int f = 0; f < m.columns(); f++) {
        double expected = row.isArray() ? row.get(f).asDouble() : row.asDouble();
        assertThat(m.get(r, f))
            .as("row %d feature %s", r, m.names().get(f))
            .isCloseTo(
                expected,
                org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, Math.abs(expected))));
      }
    }
  }

  static JsonNode load() {
    try (InputStream in = ReferenceTest.class.getResourceAsStream("/transform/reference.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Frame frame(JsonNode table) {
    List<Column> columns = new ArrayList<>();
    table
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode values = e.getValue();
              boolean text = false;
              for (JsonNode v : values) {
                text |= v.isTextual();
              }
              if (text) {
                String[] s = new String[values.size()];
                for (int i = 0; i < s.length; i++) {
                  s[i] = values.get(i).isNull() ? null : values.get(i).asText();
                }
                columns.add(new StringColumn(e.getKey(), ColumnType.CATEGORICAL, s));
              } else {
                DoubleColumn.Builder b = new DoubleColumn.Builder(e.getKey(), values.size());
                values.forEach(
                    v -> {
                      if (v.isNull()) {
                        b.addNull();
                      } else {
                        b.add(v.asDouble());
                      }
                    });
                columns.add(b.build());
              }
            });
    return new Frame(columns);
  }
}
