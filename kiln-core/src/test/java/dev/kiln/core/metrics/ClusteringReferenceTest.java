package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.UserException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clustering metrics agree with scikit-learn 1.2 to 1e-9 relative on the fixture written by {@code
 * src/test/python/clustering_reference.py}: inertia ({@code -KMeans.score}), silhouette,
 * Davies-Bouldin and Calinski-Harabasz, and their bootstrap intervals on the same resamples.
 */
class ClusteringReferenceTest {
  private static final JsonNode FIXTURE = Reference.load("clustering");

  static Clusters clusters(JsonNode ref) {
    int cols = ref.get("cols").asInt();
    double[] centroids = Reference.doubles(ref.get("centroids"));
    int[] labels = Reference.ints(ref.get("labels"));
    double[] features = Reference.doubles(ref.get("features"));
    return centroids.length == 0
        ? Clusters.of(features, cols, labels, ref.get("clusters").asInt())
        : Clusters.of(features, cols, labels, centroids);
  }

  @ParameterizedTest
  @ValueSource(strings = {"blobs", "overlapping", "edge"})
  void everyClusteringMetricAgreesWithScikitLearn(String dataset) {
    JsonNode ref = FIXTURE.get(dataset);
    Clusters data = clusters(ref);
    Reference.Differences d = new Reference.Differences();

    List<Metric<Clusters>> metrics =
        data.hasCentroids()
            ? Metrics.clustering(1)
            : List.of(Metrics.silhouette(1), Metrics.DAVIES_BOULDIN, Metrics.CALINSKI_HARABASZ);
    for (Metric<Clusters> m : metrics) {
      d.close(dataset + " " + m.name(), m.compute(data), ref.get("metrics").get(m.name()));
    }

    assertThat(d.problems).isEmpty();
    assertThat(metrics).hasSize(ref.get("metrics").size());
  }

  @Test
  void bootstrapIntervalsAgreeWithNumpyOnTheSameResamples() {
    JsonNode boot = FIXTURE.get("bootstrap");
    Clusters data = clusters(FIXTURE.get(boot.get("dataset").asText()));
    int[][] indexes = Reference.indexes(boot.get("indexes"));
    Reference.Differences d = new Reference.Differences();

    List<MetricValue> values =
        Bootstrap.estimate(
            Metrics.clustering(1),
            data,
            Bootstrap.fromIndexes(indexes),
            boot.get("resamples").asInt(),
            boot.get("level").asDouble());

    for (MetricValue v : values) {
      JsonNode expected = boot.get("intervals").get(v.name());
      d.close(v.name() + " lower", v.lower(), expected.get("lower"));
      d.close(v.name() + " upper", v.upper(), expected.get("upper"));
      d.equal(v.name() + " skipped", v.skipped(), 0);
    }
    assertThat(d.problems).isEmpty();
    assertThat(values).hasSize(boot.get("intervals").size());
  }

  @Test
  void theComparisonNoticesAValueOffByMoreThanTheTolerance() {
    Clusters data = clusters(FIXTURE.get("blobs"));
    double value = Metrics.CALINSKI_HARABASZ.compute(data);

    assertThat(Reference.close(value * (1 + 1e-8), value)).isFalse();
    assertThat(Reference.close(value * (1 + 1e-10), value)).isTrue();
  }

  @Test
  void aSilhouetteAboveTheRowLimitIsTheExactSilhouetteOfASeededSample() {
    Clusters data = clusters(FIXTURE.get("blobs"));
    int[] rows = Silhouette.sample(data.rows(), 100, 5);
    double[] x = new double[rows.length * data.cols()];
    int[] y = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(data.x(), rows[r] * data.cols(), x, r * data.cols(), data.cols());
      y[r] = data.y()[rows[r]];
    }
    Clusters sample = Clusters.of(x, data.cols(), y, data.clusters());

    double sampled = Metrics.silhouette(100, 5).compute(data);

    assertThat(sampled).isEqualTo(Metrics.silhouette(1000, 5).compute(sample));
    assertThat(sampled).isNotEqualTo(Metrics.silhouette(100, 6).compute(data));
    assertThat(IntStream.of(rows).distinct().count()).isEqualTo(100);
    double exact = FIXTURE.get("blobs").get("metrics").get("silhouette").asDouble();
    assertThat(Math.abs(sampled - exact)).isLessThan(0.05);
    assertThat(Metrics.silhouette(250, 5).compute(data))
        .isEqualTo(Metrics.silhouette(9).compute(data));
  }

  @Test
  void undefinedClusteringsAreRefusedWithTheReason() {
    double[] x = {0, 1, 2, 3};
    Clusters one = Clusters.of(x, 1, new int[] {1, 1, 1, 1}, 3);
    Clusters everyRow = Clusters.of(x, 1, new int[] {0, 1, 2, 3}, 4);

    assertThatThrownBy(() -> Metrics.silhouette(1).compute(one))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "silhouette is undefined unless the rows hold 2 to n - 1 clusters, but its 4 rows hold"
                + " 1");
    assertThatThrownBy(() -> Metrics.DAVIES_BOULDIN.compute(everyRow))
        .hasMessage(
            "davies_bouldin is undefined unless the rows hold 2 to n - 1 clusters, but its 4 rows"
                + " hold 4");
    assertThatThrownBy(() -> Metrics.INERTIA.compute(one))
        .hasMessage("inertia needs the model's centroids but none were given");
    assertThatThrownBy(() -> Clusters.of(new double[] {0, Double.NaN}, 1, new int[] {0, 1}, 2))
        .hasMessage("features must be finite numbers but row 1 column 0 is NaN");
    assertThatThrownBy(() -> Clusters.of(x, 1, new int[] {0, 1, 2}, 3))
        .hasMessage(
            "features has 4 values but labels has 3 rows and cols is 1: expected 3 (row-major,"
                + " rows x cols)");
    assertThatThrownBy(() -> Clusters.of(x, 1, new int[] {0, 1, 2, 5}, new double[] {0, 1, 2}))
        .hasMessage("labels must be cluster indexes 0..2 but row 3 is 5");
  }
}
