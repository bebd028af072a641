package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Target encoding of a multiclass target: one feature per class, the full-fit encodings as
 * scikit-learn's TargetEncoder(target_type="multiclass") learns them (fixture written by {@code
 * src/test/python/target_encoding_reference.py}), out-of-fold training values, bit-identical column
 * and row paths, and a JSON round trip.
 */
class MulticlassTargetEncodingTest {
  static final JsonNode REF = load();
  static final List<String> CLASSES = texts(REF.get("classes"));
  static final Frame TRAIN =
      new Frame(
          List.of(
              TestFrames.strings(
                  "region",
                  ColumnType.CATEGORICAL,
                  texts(REF.get("train").get("category")).toArray(String[]::new))));
  static final double[] LABELS = numbers(REF.get("train").get("label"));
  static final List<String> TEST = texts(REF.get("test"));

  static final List<String> PETS = List.of("bird", "cat", "dog");
  // the payments frame's fraud column is 0/1; a third class from the amount makes it multiclass
  static final double[] PAYMENT_LABELS = paymentLabels(SkewTest.TRAIN);

  @Test
  void fullFitEncodingsAgreeWithScikitLearnsMulticlassTargetEncoder() {
    FittedPipeline p =
        Pipeline.builder()
            .add("region", new TargetEncode(5, REF.get("smoothing").asDouble()))
            .build()
            .fitTransform(TRAIN, LABELS, CLASSES, 3)
            .pipeline();

    assertThat(p.featureNames())
        .containsExactly(
            "region__target_bird",
            "region__target_cat",
            "region__target_dog",
            "region__target_fish");
    TargetEncodingMulticlassFit fit = (TargetEncodingMulticlassFit) p.transforms().get(0);
    JsonNode priors = REF.get("multiclass").get("priors");
    for (int c = 0; c < CLASSES.size(); c++) {
      assertClose(fit.priors().get(c), priors.get(c).asDouble(), "prior of " + CLASSES.get(c));
    }
    JsonNode values = REF.get("multiclass").get("values");
    for (int r = 0; r < TEST.size(); r++) {
      double[] row = p.transformRow(new Object[] {TEST.get(r)});
      for (int c = 0; c < CLASSES.size(); c++) {
        assertClose(row[c], values.get(r).get(c).asDouble(), TEST.get(r) + " class " + c);
      }
    }
  }

  @Test
  void numericEncodingsAgreeWithTheSameFormula() {
    FittedPipeline p =
        Pipeline.builder()
            .add("region", new TargetEncode(5, REF.get("smoothing").asDouble()))
            .build()
            .fit(TRAIN, numbers(REF.get("train").get("value")), 3);

    assertThat(p.featureNames()).containsExactly("region__target");
    JsonNode values = REF.get("numeric").get("values");
    for (int r = 0; r < TEST.size(); r++) {
      assertClose(
          p.transformRow(new Object[] {TEST.get(r)})[0], values.get(r).asDouble(), TEST.get(r));
    }
  }

  @Test
  void theCheckNoticesAnEncodingOffByMoreThanTheTolerance() {
    double expected = REF.get("multiclass").get("values").get(0).get(0).asDouble();
    assertThatThrownBy(() -> assertClose(expected * (1 + 1e-8), expected, "nudged"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void trainingRowsGetEachClassShareFromTheOtherFoldsOnly() {
    Pipeline pipeline = Pipeline.builder().add("region", new TargetEncode(5, 0)).build();
    Pipeline.Fitted fitted = pipeline.fitTransform(TRAIN, LABELS, CLASSES, 11);
    int n = TRAIN.rowCount();
    int[] fold = Fitter.folds(n, 5, 11);
    Object[] region = new Object[n];
    for (int r = 0; r < n; r++) {
      region[r] = TRAIN.column("region").get(r);
    }
    for (int r = 0; r < n; r += 7) {
      for (int c = 0; c < CLASSES.size(); c++) {
        int inClass = 0;
        int count = 0;
        int otherInClass = 0;
        int other = 0;
        for (int j = 0; j < n; j++) {
          if (fold[j] != fold[r]) {
            other++;
            otherInClass += LABELS[j] == c ? 1 : 0;
            if (Objects.equals(region[j], region[r])) {
              count++;
              inClass += LABELS[j] == c ? 1 : 0;
            }
          }
        }
        double expected = count == 0 ? (double) otherInClass / other : (double) inClass / count;
        assertThat(fitted.training().get(r, c))
            .as("row %d class %d", r, c)
            .isCloseTo(expected, within(1e-15));
      }
    }
    // the full-fit encodings of each row sum to 1 (shares of the classes), the out-of-fold too
    for (int r = 0; r < n; r++) {
      double sum = 0;
      for (int c = 0; c < CLASSES.size(); c++) {
        sum += fitted.training().get(r, c);
      }
      assertThat(sum).as("row %d", r).isCloseTo(1.0, within(1e-12));
    }
  }

  @Test
  void trainingFeaturesDifferFromTheFittedOnesOnlyInTheTargetEncoding() {
    Pipeline.Fitted fitted =
        Pipeline.builder()
            .add("amount", Impute.median().withIndicator())
            .targetEncode("merchant")
            .oneHot("country")
            .build()
            .fitTransform(SkewTest.TRAIN, PAYMENT_LABELS, PETS, 7);
    FeatureMatrix again = fitted.pipeline().transform(SkewTest.TRAIN);

    List<String> names = fitted.pipeline().featureNames();
    assertThat(names.subList(2, 5))
        .containsExactly("merchant__target_bird", "merchant__target_cat", "merchant__target_dog");
    int differing = 0;
    for (int r = 0; r < SkewTest.TRAIN.rowCount(); r++) {
      for (int f = 0; f < again.columns(); f++) {
        boolean same =
            Double.doubleToRawLongBits(fitted.training().get(r, f))
                == Double.doubleToRawLongBits(again.get(r, f));
        if (f >= 2 && f < 5) {
          differing += same ? 0 : 1;
        } else {
          assertThat(same).as("row %d feature %s", r, names.get(f)).isTrue();
        }
      }
    }
    assertThat(differing).isPositive();
  }

  @Test
  void theFittedEncodingIsPlainJsonThatReadsBackTheSame() throws Exception {
    FittedPipeline p =
        Pipeline.builder()
            .targetEncode("merchant")
            .build()
            .fitTransform(SkewTest.TRAIN, PAYMENT_LABELS, PETS, 7)
            .pipeline();

    String json = Json.mapper().writeValueAsString(p);
    FittedPipeline back = Json.mapper().readValue(json, FittedPipeline.class);

    assertThat(json)
        .contains("\"kind\" : \"target_encode_multiclass\"", "\"null_encodings\"", "\"priors\"");
    assertThat(back.transforms()).isEqualTo(p.transforms());
    assertThat(SkewTest.bits(back.transform(SkewTest.SERVE).values()))
        .isEqualTo(SkewTest.bits(p.transform(SkewTest.SERVE).values()));
  }

  @Test
  void twoClassesGiveTheBinaryEncodingOfTheSecondClass() {
    double[] binary = new double[LABELS.length];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = LABELS[i] == 1 ? 1 : 0;
    }
    Pipeline pipeline = Pipeline.builder().targetEncode("region").build();

    Pipeline.Fitted withClasses = pipeline.fitTransform(TRAIN, binary, List.of("other", "cat"), 5);
    Pipeline.Fitted plain = pipeline.fitTransform(TRAIN, binary, 5);

    assertThat(withClasses.pipeline().featureNames()).containsExactly("region__target");
    assertThat(withClasses.training().values()).isEqualTo(plain.training().values());
  }

  @Test
  void refusesALabelThatIsNotAClassIndex() {
    double[] bad = LABELS.clone();
    bad[3] = 4;
    Pipeline pipeline = Pipeline.builder().targetEncode("region").build();

    assertThatThrownBy(() -> pipeline.fitTransform(TRAIN, bad, CLASSES, 1))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "target_encode of column 'region' needs class indexes 0 to 3 for its 4 classes but"
                + " row 3 has 4.0");
    bad[3] = 0.5;
    assertThatThrownBy(() -> pipeline.fitTransform(TRAIN, bad, CLASSES, 1))
        .hasMessageEndingWith("row 3 has 0.5");
  }

  private static void assertClose(double actual, double expected, String what) {
    assertThat(actual)
        .as(what)
        .isCloseTo(expected, within(1e-9 * Math.max(Math.abs(expected), 1e-300)));
  }

  private static double[] paymentLabels(Frame frame) {
    double[] y = new double[frame.rowCount()];
    for (int r = 0; r < y.length; r++) {
      Object fraud = frame.column("fraud").get(r);
      Object amount = frame.column("amount").get(r);
      boolean big = amount instanceof Double a && a > 30;
      y[r] = ((Number) fraud).doubleValue() > 0 ? 2 : big ? 1 : 0;
    }
    return y;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.isNull() ? null : v.asText()));
    return out;
  }

  private static double[] numbers(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static JsonNode load() {
    try (InputStream in =
        MulticlassTargetEncodingTest.class.getResourceAsStream("/transform/target_encoding.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
