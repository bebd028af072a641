package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bootstrap agrees with scikit-learn and numpy when both draw the same resamples: {@code
 * metrics_reference.py} wrote 200 resamples' row indexes, computed each metric on each resample
 * with scikit-learn (skipping a resample where it is undefined) and took {@code np.percentile(...,
 * [2.5, 97.5])}. Bounds, skipped counts and paired differences must agree to 1e-9 relative.
 */
class BootstrapReferenceTest {
  private static final JsonNode FIXTURE = Reference.load("bootstrap");
  private static final int[][] INDEXES = Reference.indexes(FIXTURE.get("indexes"));
  private static final int RESAMPLES = FIXTURE.get("resamples").asInt();
  private static final double LEVEL = FIXTURE.get("level").asDouble();

  @Test
  void binaryMetricIntervalsAndPairedDifferencesAgreeWithNumpy() {
    JsonNode ref = FIXTURE.get("binary");
    int[] labels = Reference.ints(ref.get("labels"));
    BinaryScores a = BinaryScores.of(labels, Reference.doubles(ref.get("scores_a")));
    BinaryScores b = BinaryScores.of(labels, Reference.doubles(ref.get("scores_b")));
    Reference.Differences d = new Reference.Differences();

    check(d, Metrics.binary(), a, b, ref.get("metrics"));
    List<Metric<ClassPredictions>> classes =
        List.of(
            Metrics.ACCURACY,
            Metrics.BALANCED_ACCURACY,
            Metrics.f1(Average.MACRO),
            Metrics.precision(1));
    check(d, classes, a.predictions(0.5), b.predictions(0.5), ref.get("metrics"));

    assertThat(d.problems).isEmpty();
  }

  @Test
  void multiclassMetricIntervalsAgreeWithNumpy() {
    JsonNode ref = FIXTURE.get("multiclass");
    int[] labels = Reference.ints(ref.get("labels"));
    int k = ref.get("classes").asInt();
    ClassProbabilities a =
        ClassProbabilities.of(labels, Reference.doubles(ref.get("probabilities_a")), k);
    ClassProbabilities b =
        ClassProbabilities.of(labels, Reference.doubles(ref.get("probabilities_b")), k);
    Reference.Differences d = new Reference.Differences();

    check(d, Metrics.multiclass(), a, b, ref.get("metrics"));

    assertThat(d.problems).isEmpty();
  }

  @Test
  void regressionMetricIntervalsAgreeWithNumpy() {
    JsonNode ref = FIXTURE.get("regression");
    double[] labels = Reference.doubles(ref.get("labels"));
    RegressionPredictions a =
        RegressionPredictions.of(labels, Reference.doubles(ref.get("predictions_a")));
    RegressionPredictions b =
        RegressionPredictions.of(labels, Reference.doubles(ref.get("predictions_b")));
    Reference.Differences d = new Reference.Differences();

    check(d, Metrics.regression(), a, b, ref.get("metrics"));

    assertThat(d.problems).isEmpty();
  }

  @Test
  void resamplesWithoutBothClassesAreSkippedAndCountedAsScikitLearnWould() {
    JsonNode ref = FIXTURE.get("tiny");
    BinaryScores data =
        BinaryScores.of(Reference.ints(ref.get("labels")), Reference.doubles(ref.get("scores_a")));
    int[][] indexes = Reference.indexes(FIXTURE.get("tiny_indexes"));

    List<MetricValue> values =
        Bootstrap.estimate(
            List.of(Metrics.AUC_ROC, Metrics.PR_AUC, Metrics.LOG_LOSS),
            data,
            Bootstrap.fromIndexes(indexes),
            RESAMPLES,
            LEVEL);

    Reference.Differences d = new Reference.Differences();
    values.forEach(v -> compare(d, v, ref.get("metrics").get(v.name())));
    assertThat(d.problems).isEmpty();
    assertThat(values.get(0).skipped())
        .isEqualTo(ref.get("metrics").get("auc_roc").get("skipped").asInt())
        .isPositive();
    assertThat(values.get(2).skipped()).isZero();
  }

  private static <T extends Outcomes> void check(
      Reference.Differences d, List<? extends Metric<T>> metrics, T a, T b, JsonNode expected) {
    List<MetricValue> values =
        Bootstrap.estimate(metrics, a, Bootstrap.fromIndexes(INDEXES), RESAMPLES, LEVEL);
    List<PairedDifference> differences =
        Bootstrap.compare(metrics, a, b, Bootstrap.fromIndexes(INDEXES), RESAMPLES, LEVEL);
    for (int m = 0; m < metrics.size(); m++) {
      JsonNode ref = expected.get(metrics.get(m).name());
      if (ref == null) {
        d.problems.add(metrics.get(m).name() + ": no reference");
        continue;
      }
      compare(d, values.get(m), ref);
      PairedDifference diff = differences.get(m);
      JsonNode refDiff = ref.get("difference");
      String name = diff.name() + ".difference";
      d.close(name + ".value", diff.difference(), refDiff.get("value"));
      d.close(name + ".lower", diff.lower(), refDiff.get("lower"));
      d.close(name + ".upper", diff.upper(), refDiff.get("upper"));
      d.equal(name + ".skipped", diff.skipped(), refDiff.get("skipped").asLong());
    }
  }

  private static void compare(Reference.Differences d, MetricValue value, JsonNode ref) {
    d.close(value.name() + ".value", value.value(), ref.get("value"));
    d.close(value.name() + ".lower", value.lower(), ref.get("lower"));
    d.close(value.name() + ".upper", value.upper(), ref.get("upper"));
    d.equal(value.name() + ".skipped", value.skipped(), ref.get("skipped").asLong());
  }
}
