package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SelectionTest {

  @Property
  void selectsTheValueTheSortedArrayHoldsAtEveryPosition(
      @ForAll @Size(min = 1, max = 60) double[] values, @ForAll @DoubleRange(max = 1) double at) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    if (finite.length == 0) {
      return;
    }
    int k = (int) Math.min(finite.length - 1, Math.floor(at * finite.length));
    double[] sorted = finite.clone();
    Arrays.sort(sorted);
    assertThat(Double.doubleToRawLongBits(Selection.select(finite.clone(), k)))
        .isEqualTo(Double.doubleToRawLongBits(sorted[k]));
  }

  @Property
  void medianEqualsTheMiddleOfTheSortedArray(@ForAll @Size(min = 1, max = 61) double[] values) {
    double[] finite = Arrays.stream(values).filter(Double::isFinite).toArray();
    if (finite.length == 0) {
      return;
    }
    double[] sorted = finite.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double expected = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    assertThat(Selection.median(finite)).isEqualTo(expected);
  }

  @Test
  void medianOfManyTiesAndSignedZerosIsTheSortedMiddle() {
    double[] v = new double[10_001];
    for (int i = 0; i < v.length; i++) {
      v[i] = i % 3 == 0 ? -0.0 : (i % 3 == 1 ? 0.0 : 5.0);
    }
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    assertThat(Double.doubleToRawLongBits(Selection.median(v.clone())))
        .isEqualTo(Double.doubleToRawLongBits(sorted[5000]));
    assertThat(Selection.median(new double[] {3, 1, 2, 4})).isEqualTo(2.5);
  }
}
