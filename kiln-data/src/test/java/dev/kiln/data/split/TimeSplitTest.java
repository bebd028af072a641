package dev.kiln.data.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.testing.SampleFrames;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeSplitTest {
  private static final Instant MAY = Instant.parse("2025-05-01T00:00:00Z");

  @Test
  void putsRowsBeforeTheCutOffInTrainAndTheRestInTest() {
    Frame frame = SampleFrames.payments(2000, 4);
    SplitResult r = cutAt(MAY).apply(frame, 0.2, 42);
    Partitions.assertPartition(r, 2000);
    LongColumn ts = (LongColumn) frame.column("ts");
    long cut = MAY.getEpochSecond() * 1_000_000L;
    for (int row : r.train()) {
      assertThat(ts.value(row)).isLessThan(cut);
    }
    for (int row : r.test()) {
      assertThat(ts.value(row)).isGreaterThanOrEqualTo(cut);
    }
  }

  @Test
  void putsARowExactlyAtTheCutOffInTest() {
    Frame frame =
        times("2025-04-30T23:59:59.999999Z", "2025-05-01T00:00:00Z", "2025-05-02T00:00:00Z");
    SplitResult r = cutAt(MAY).apply(frame, 0.2, 42);
    assertThat(r.train()).containsExactly(0);
    assertThat(r.test()).containsExactly(1, 2);
  }

  @Test
  void ignoresTheFractionAndSeedWhenACutOffIsGiven() {
    Frame frame = SampleFrames.payments(500, 4);
    assertThat(cutAt(MAY).apply(frame, 0.7, 1)).isEqualTo(cutAt(MAY).apply(frame, 0.2, 42));
  }

  @Test
  void withoutACutOffPutsTheLatestRoundedShareOfRowsInTest() {
    Random cases = new Random(8);
    for (int i = 0; i < 50; i++) {
      int n = 10 + cases.nextInt(3000);
      double fraction = 0.05 + 0.9 * cases.nextDouble();
      Frame frame = SampleFrames.payments(n, cases.nextLong());
      SplitResult r = new TimeSplit("ts", Optional.empty()).apply(frame, fraction, 0);
      Partitions.assertPartition(r, n);
      LongColumn ts = (LongColumn) frame.column("ts");
      long latestTrain = Long.MIN_VALUE;
      for (int row : r.train()) {
        latestTrain = Math.max(latestTrain, ts.value(row));
      }
      for (int row : r.test()) {
        assertThat(ts.value(row)).isGreaterThan(latestTrain);
      }
      // timestamps here are whole seconds over 180 days and rarely tie
      assertThat(Math.abs(r.test().length - Math.round(n * fraction))).isLessThanOrEqualTo(1);
      assertThat(r.notes()).singleElement().asString().startsWith("no cut-off given: cut at ");
    }
  }

  @Test
  void withoutACutOffKeepsEqualTimestampsTogetherAtTheNearestBoundary() {
    // 10 rows, 3 test rows wanted; the 3rd latest time is shared by 4 rows (2 test, or 6)
    Frame frame =
        times(
            "2025-01-01T00:00:00Z",
            "2025-01-02T00:00:00Z",
            "2025-01-03T00:00:00Z",
            "2025-01-04T00:00:00Z",
            "2025-01-05T00:00:00Z",
            "2025-01-05T00:00:00Z",
            "2025-01-05T00:00:00Z",
            "2025-01-05T00:00:00Z",
            "2025-01-06T00:00:00Z",
            "2025-01-07T00:00:00Z");
    SplitResult r = new TimeSplit("ts", Optional.empty()).apply(frame, 0.3, 42);
    assertThat(r.test()).containsExactly(8, 9);
    assertThat(r.notes())
        .containsExactly(
            "no cut-off given: cut at 2025-01-06T00:00:00Z, the boundary between timestamps nearest"
                + " to 30.0% of rows at or after it");
  }

  @Test
  void saysWhatTheColumnSpansWhenTheCutOffLeavesASideEmpty() {
    Frame frame = times("2025-01-01T00:00:00Z", "2025-03-01T12:30:00Z");
    assertThatThrownBy(() -> cutAt(Instant.parse("2020-01-01T00:00:00Z")).apply(frame, 0.2, 42))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "no rows before 2020-01-01T00:00:00Z in column 'ts' (train would be empty); the column"
                + " spans 2025-01-01T00:00:00Z to 2025-03-01T12:30:00Z");
    assertThatThrownBy(() -> cutAt(Instant.parse("2025-03-01T12:30:01Z")).apply(frame, 0.2, 42))
        .hasMessage(
            "no rows at or after 2025-03-01T12:30:01Z in column 'ts' (test would be empty); the"
                + " column spans 2025-01-01T00:00:00Z to 2025-03-01T12:30:00Z");
  }

  @Test
  void refusesRowsWithoutATimestampNamingHowMany() {
    Frame frame = times("2025-01-01T00:00:00Z", null, "2025-03-01T00:00:00Z", null);
    assertThatThrownBy(() -> cutAt(MAY).apply(frame, 0.2, 42))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "column 'ts' has 2 rows without a timestamp; a time split needs a time on every row"
                + " (drop or fill them first)");
  }

  @Test
  void refusesAColumnThatIsNotATimestamp() {
    Frame frame = SampleFrames.payments(10, 1);
    assertThatThrownBy(() -> new TimeSplit("amount", Optional.empty()).apply(frame, 0.2, 42))
        .hasMessage(
            "column 'amount' is float; a time split needs a timestamp column (a date or date-time;"
                + " declare it 'type: timestamp' in a schema file if it was read as text)");
  }

  @Test
  void refusesAColumnWhereEveryRowHasTheSameTime() {
    Frame frame = times("2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
    assertThatThrownBy(() -> new TimeSplit("ts", Optional.empty()).apply(frame, 0.5, 42))
        .hasMessage(
            "every row of column 'ts' has the same time (2025-01-01T00:00:00Z); a time split needs"
                + " at least two");
  }

  private static TimeSplit cutAt(Instant cut) {
    return new TimeSplit("ts", Optional.of(cut));
  }

  private static Frame times(String... isoTimes) {
    Instant[] values = new Instant[isoTimes.length];
    for (int i = 0; i < isoTimes.length; i++) {
      values[i] = isoTimes[i] == null ? null : Instant.parse(isoTimes[i]);
    }
    return new Frame(List.of(SampleFrames.timestamps("ts", values)));
  }
}
