package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Frame;
import dev.kiln.testing.SampleFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitterTest {
  @ParameterizedTest
  @ValueSource(doubles = {0, 1, -0.2, 1.5, Double.NaN, Double.POSITIVE_INFINITY})
  void refusesATestFractionOutsideZeroToOne(double fraction) {
    assertThatThrownBy(() -> Splitter.of("random", fraction, 42))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "the test fraction must be between 0 and 1 (both excluded) but was " + fraction);
  }

  @Test
  void refusesAFrameWithoutRows() {
    Frame empty = SampleFrames.payments(0, 1);
    assertThatThrownBy(() -> Splitter.of("random", 0.2, 42).apply(empty))
        .hasMessage("there are no rows to split");
  }

  @Test
  void appliesTheParsedSplitWithItsSettings() {
    Frame frame = SampleFrames.payments(300, 1);
    assertThat(Splitter.of("stratified:label", 0.3, 9).apply(frame))
        .isEqualTo(new StratifiedSplit("label").apply(frame, 0.3, 9));
  }
}
