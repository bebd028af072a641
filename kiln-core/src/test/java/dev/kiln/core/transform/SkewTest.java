package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.Frame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The training/serving skew test: the column path (training, batch scoring) and the row path
 * (serving) give bit-identical features, for every transform and for the default pipeline, on rows
 * with nulls, NaN, infinities, -0.0, empty strings and categories not seen in training.
 */
class SkewTest {
  static final Frame TRAIN = TestFrames.payments(600, 1, false);
  static final Frame SERVE = TestFrames.payments(400, 2, true);

  static Stream<Arguments> everyTransform() {
    return Stream.of(
        Arguments.of("amount", Impute.mean()),
        Arguments.of("amount", Impute.median().withIndicator()),
        Arguments.of("amount", Impute.mostFrequent().withIndicator()),
        Arguments.of("amount", Impute.constant(-1).withIndicator()),
        Arguments.of("flagged", Impute.mostFrequent().withIndicator()),
        Arguments.of("age", Impute.mean()),
        Arguments.of("amount", Standardize.plain()),
        Arguments.of("amount", Standardize.after(Impute.median().withIndicator())),
        Arguments.of("age", Standardize.plain()),
        Arguments.of("merchant", OneHot.defaults()),
        Arguments.of("country", new OneHot(5)),
        Arguments.of("online", OneHot.defaults()),
        Arguments.of("age", OneHot.defaults()),
        Arguments.of("merchant", new Ordinal()),
        Arguments.of("country", new Ordinal()),
        Arguments.of("merchant", AutoCategorical.defaults()),
        Arguments.of("country", AutoCategorical.defaults()),
        Arguments.of("merchant", TargetEncode.defaults()),
        Arguments.of("country", new TargetEncode(3, 0)),
        Arguments.of("at", DateParts.defaults()),
        Arguments.of("at", new DateParts(true)),
        Arguments.of("note", HashedText.defaults()),
        Arguments.of("note", HashedText.chars(1, 3).withBuckets(16)),
        Arguments.of("note", HashedText.defaults().withChars(2, 2).withTermFrequency(true)),
        Arguments.of("merchant", HashedText.defaults().withBuckets(8)),
        Arguments.of("amount", new PassThrough()),
        Arguments.of("age", new PassThrough()),
        Arguments.of("flagged", new PassThrough()));
  }

  @ParameterizedTest(name = "{1} on {0}")
  @MethodSource("everyTransform")
  void columnAndRowPathsGiveBitIdenticalFeatures(String column, Transform transform) {
    FittedPipeline p = Pipeline.builder().add(column, transform).build().fit(TRAIN, "fraud", 7);

    assertSameBits(p, TRAIN);
    assertSameBits(p, SERVE);
  }

  @Test
  void multiclassTargetEncodingsGiveBitIdenticalFeaturesOnBothPaths() {
    for (Transform t : List.of(TargetEncode.defaults(), new TargetEncode(3, 0))) {
      for (String column : List.of("merchant", "country", "age", "online")) {
        FittedPipeline p =
            Pipeline.builder()
                .add(column, t)
                .add("amount", Impute.median())
                .build()
                .fitTransform(
                    TRAIN,
                    MulticlassTargetEncodingTest.PAYMENT_LABELS,
                    MulticlassTargetEncodingTest.PETS,
                    7)
                .pipeline();

        assertThat(p.width()).isEqualTo(4);
        assertSameBits(p, TRAIN);
        assertSameBits(p, SERVE);
      }
    }
  }

  @Test
  void theDefaultPipelineGivesBitIdenticalFeaturesOnBothPaths() {
    Pipeline pipeline = Pipeline.defaults(TRAIN.schema(), "fraud");
    FittedPipeline p = pipeline.fit(TRAIN, "fraud", 7);

    assertThat(p.inputNames())
        .containsExactly("amount", "age", "online", "flagged", "merchant", "country", "at", "note");
    assertThat(p.featureNames())
        .contains("amount__missing", "merchant=__unseen__", "country", "at__hour", "note__h0");
    assertSameBits(p, TRAIN);
    assertSameBits(p, SERVE);
  }

  @Test
  void aFrameLargeEnoughToBeTransformedInParallelBlocksGivesTheRowPathsBits() {
    Frame large = TestFrames.payments(100_000, 3, true);
    FittedPipeline p = Pipeline.defaults(TRAIN.schema(), "fraud").fit(TRAIN, "fraud", 7);

    assertSameBits(p, large);
  }

  @Test
  void trainingFeaturesEqualTheFittedPipelinesOutsideTheTargetEncoding() {
    Pipeline pipeline =
        Pipeline.builder()
            .impute("amount", Impute.median().withIndicator())
            .targetEncode("country")
            .oneHot("merchant")
            .build();

    Pipeline.Fitted fitted = pipeline.fitTransform(TRAIN, "fraud", 7);
    FeatureMatrix again = fitted.pipeline().transform(TRAIN);

    int target = fitted.pipeline().featureNames().indexOf("country__target");
    int differing = 0;
    for (int r = 0; r < TRAIN.rowCount(); r++) {
      for (int f = 0; f < again.columns(); f++) {
        boolean same =
            Double.doubleToRawLongBits(fitted.training().get(r, f))
                == Double.doubleToRawLongBits(again.get(r, f));
        if (f == target) {
          differing += same ? 0 : 1;
        } else {
          assertThat(same).as("row %d feature %d", r, f).isTrue();
        }
      }
    }
    assertThat(differing).as("out-of-fold encodings differ from the full-data ones").isPositive();
    assertSameFloats(fitted.trainingFloats(), fitted.training().values());
  }

  @Test
  void rowsGivenByNameOrWithInstantsMatchTheColumnPath() {
    FittedPipeline p = Pipeline.defaults(TRAIN.schema(), "fraud").fit(TRAIN, "fraud", 7);
    FeatureMatrix m = p.transform(SERVE);
    for (int r = 0; r < SERVE.rowCount(); r++) {
      Map<String, Object> byName = new HashMap<>();
      for (String name : SERVE.columnNames()) {
        byName.put(name, SERVE.column(name).get(r));
      }
      Object micros = byName.get("at");
      if (micros != null) {
        long us = (Long) micros;
        byName.put(
            "at",
            Instant.ofEpochSecond(
                Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000));
      }
      assertThat(bits(p.transformRow(byName))).as("row %d", r).isEqualTo(bits(m.row(r)));
    }
  }

  /** Compares every row both ways; the reused buffer starts dirty so stale values would show. */
  static void assertSameBits(FittedPipeline p, Frame frame) {
    FeatureMatrix m = p.transform(frame);
    assertThat(m.rows()).isEqualTo(frame.rowCount());
    assertThat(m.names()).isEqualTo(p.featureNames());
    double[] reused = new double[p.width()];
    List<String> mismatches = new ArrayList<>();
    for (int r = 0; r < frame.rowCount(); r++) {
      Arrays.fill(reused, 12345.678);
      p.transformRow(TestFrames.row(p, frame, r), reused);
      long[] expected = bits(m.row(r));
      if (!Arrays.equals(bits(reused), expected)) {
        mismatches.add(
            "row " + r + ": " + Arrays.toString(reused) + " vs " + Arrays.toString(m.row(r)));
      }
      if (!Arrays.equals(bits(p.transformRow(TestFrames.row(p, frame, r))), expected)) {
        mismatches.add("row " + r + " (fresh buffer)");
      }
    }
    assertThat(mismatches).isEmpty();
    assertSameFloats(p.transformFloats(frame), m.values());
  }

  /** The float path holds exactly the double path's values rounded to float. */
  static void assertSameFloats(float[] floats, double[] doubles) {
    assertThat(floats).hasSameSizeAs(doubles);
    int mismatches = 0;
    for (int i = 0; i < doubles.length; i++) {
      if (Float.floatToRawIntBits(floats[i]) != Float.floatToRawIntBits((float) doubles[i])) {
        mismatches++;
      }
    }
    assertThat(mismatches).as("float values that are not (float) of the double path").isZero();
  }

  static long[] bits(double[] values) {
    return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
