package dev.kiln.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class ArgsortTest {

  @Property
  void ordersRowsAsAStableSortByScoreWould(@ForAll @Size(max = 300) double[] scores) {
    int[] expected =
        IntStream.range(0, scores.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> scores[i]))
            .mapToInt(Integer::intValue)
            .toArray();

    assertThat(RankedScores.argsort(scores)).containsExactly(expected);
  }
}
