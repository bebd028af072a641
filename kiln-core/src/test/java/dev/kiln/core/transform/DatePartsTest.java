package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Date parts agree with java.time in UTC, before and after 1970, and at midnight edges. */
class DatePartsTest {
  @Test
  void partsAgreeWithJavaTimeInUtc() {
    SplittableRandom r = new SplittableRandom(9);
    Long[] micros = new Long[2000];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = r.nextLong(-5_000_000_000_000_000L, 5_000_000_000_000_000L);
    }
    micros[0] = -1L; // 1969-12-31T23:59:59.999999Z
    micros[1] = 0L;
    micros[2] = 86_400_000_000L - 1;
    Frame frame = new Frame(List.of(TestFrames.longs("t", ColumnType.TIMESTAMP, micros)));
    FittedPipeline p =
        Pipeline.builder().add("t", new DateParts(true)).build().fit(frame, (double[]) null, 1);
    FeatureMatrix m = p.transform(frame);

    for (int i = 0; i < micros.length; i++) {
      ZonedDateTime t =
          Instant.ofEpochSecond(
                  Math.floorDiv(micros[i], 1_000_000L), Math.floorMod(micros[i], 1_000_000L) * 1000)
              .atZone(ZoneOffset.UTC);
      assertThat(m.row(i))
          .as("%s", t)
          .containsExactly(
              t.getYear(),
              t.getMonthValue(),
              t.getDayOfMonth(),
              t.getDayOfWeek().getValue(),
              t.getHour(),
              t.getDayOfYear());
    }
    assertThat(m.row(0)).containsExactly(1969, 12, 31, 3, 23, 365);
  }

  @Test
  void aNullTimestampGivesNanInEveryPart() {
    Frame frame = new Frame(List.of(TestFrames.longs("t", ColumnType.TIMESTAMP, 0L, null)));
    FittedPipeline p = Pipeline.builder().dateParts("t").build().fit(frame, (double[]) null, 1);

    assertThat(p.transform(frame).row(1)).containsOnly(Double.NaN).hasSize(5);
  }
}
