package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SplitSpecTest {
  @Test
  void readsEachStrategy() {
    assertThat(Split.parse("random")).isEqualTo(new RandomSplit());
    assertThat(Split.parse("stratified:label")).isEqualTo(new StratifiedSplit("label"));
    assertThat(Split.parse("group:customer_id")).isEqualTo(new GroupSplit("customer_id"));
    assertThat(Split.parse("time:ts")).isEqualTo(new TimeSplit("ts", Optional.empty()));
    assertThat(Split.parse("time:ts@2025-05-01T00:00:00Z"))
        .isEqualTo(new TimeSplit("ts", Optional.of(Instant.parse("2025-05-01T00:00:00Z"))));
  }

  @Test
  void readsADateAsMidnightUtcAndADateTimeWithoutZoneAsUtc() {
    Instant midnight = Instant.parse("2025-05-01T00:00:00Z");
    assertThat(cut("time:ts@2025-05-01")).isEqualTo(midnight);
    assertThat(cut("time:ts@2025-05-01T00:00:00")).isEqualTo(midnight);
    assertThat(cut("time:ts@2025-05-01 00:00:00")).isEqualTo(midnight);
    assertThat(cut("time:ts@2025-05-01T02:00:00+02:00")).isEqualTo(midnight);
    assertThat(cut("time:ts@2025-05-01T00:00:00.000001Z")).isEqualTo(midnight.plusNanos(1000));
  }

  @Test
  void keepsColumnNamesWithColonsAndAtSigns() {
    assertThat(Split.parse("group:a:b")).isEqualTo(new GroupSplit("a:b"));
    assertThat(Split.parse("time:x@y@2025-05-01"))
        .isEqualTo(new TimeSplit("x@y", Optional.of(Instant.parse("2025-05-01T00:00:00Z"))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "random",
        "stratified:label",
        "group:a:b",
        "time:ts",
        "time:ts@2025-05-01T00:00:00Z"
      })
  void writesTheTextItReadsBack(String spec) {
    Split split = Split.parse(spec);
    assertThat(split.spec()).isEqualTo(spec);
    assertThat(Split.parse(split.spec())).isEqualTo(split);
  }

  @Test
  void namesTheKnownStrategiesForAnUnknownOne() {
    assertThatThrownBy(() -> Split.parse("shuffle:label"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "unknown split 'shuffle'; known splits: random, stratified:COL, group:COL, time:COL,"
                + " time:COL@CUT-OFF (e.g. stratified:label, time:ts@2025-05-01)");
  }

  @Test
  void asksForAColumnWhenAStrategyNeedsOne() {
    assertThatThrownBy(() -> Split.parse("stratified"))
        .hasMessage("'stratified': a stratified split needs a column; write stratified:COL");
    assertThatThrownBy(() -> Split.parse("group:"))
        .hasMessage("'group:': a group split needs a column; write group:COL");
    assertThatThrownBy(() -> Split.parse("time:@2025-05-01"))
        .hasMessage(
            "'time:@2025-05-01': a time split needs a column before '@'; write time:COL@CUT");
  }

  @Test
  void refusesAColumnForARandomSplit() {
    assertThatThrownBy(() -> Split.parse("random:label"))
        .hasMessage("'random:label': a random split takes no column; write just 'random'");
  }

  @Test
  void saysWhichCutOffItCannotRead() {
    assertThatThrownBy(() -> Split.parse("time:ts@May 1st"))
        .isInstanceOf(UserException.class)
        .hasMessageStartingWith(
            "'time:ts@May 1st': cannot read the cut-off 'May 1st'; expected a date");
    assertThatThrownBy(() -> Split.parse("time:ts@2025-13-01"))
        .hasMessageContaining("cannot read the cut-off '2025-13-01'");
  }

  @Test
  void refusesAnEmptySpec() {
    assertThatThrownBy(() -> Split.parse(" "))
        .hasMessageStartingWith("the split is empty; expected one of: random, stratified:COL");
  }

  private static Instant cut(String spec) {
    return ((TimeSplit) Split.parse(spec)).cutoff().orElseThrow();
  }
}
