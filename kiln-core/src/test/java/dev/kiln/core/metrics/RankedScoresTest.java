package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RankedScoresTest {

  /**
   * The pair sum in a long gives AUC-ROC bit for bit as the sum in doubles (exact at these sizes),
   * and average precision is the same computation: on any multiset of rows, ties included.
   */
  @Property
  void theIntegerPairSumGivesTheSameBitsAsTheDoubleOne(
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 6) Integer> scoreLevels,
      @ForAll @Size(min = 1, max = 200) List<Boolean> labels,
      @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 5) Integer> draws) {
    int n = Math.min(scoreLevels.size(), Math.min(labels.size(), draws.size()));
    // few score levels: many ties; counts as a resample holds them, 0 to 5 draws of a row
    RankedScores ranked = RankedScores.of(n, scoreLevels::get, labels::get);
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[i] = draws.get(i);
    }

    double[] exact = new double[2];
    double[] doubles = new double[2];
    ranked.both(counts, exact);
    ranked.bothInDoubles(counts, doubles);

    assertThat(Double.doubleToRawLongBits(exact[0]))
        .as("AUC-ROC %s vs %s", exact[0], doubles[0])
        .isEqualTo(Double.doubleToRawLongBits(doubles[0]));
    assertThat(Double.doubleToRawLongBits(exact[1]))
        .as("average precision %s vs %s", exact[1], doubles[1])
        .isEqualTo(Double.doubleToRawLongBits(doubles[1]));
    assertThat(Double.doubleToRawLongBits(ranked.aucRoc(counts)))
        .isEqualTo(Double.doubleToRawLongBits(exact[0]));
  }
}
