package dev.kiln.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.StringColumn;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringAccumulatorTest {
  @Test
  void uniqueIdsListNoTopValuesRatherThanInflatedCounts() {
    String[] ids = new String[20_000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = "p" + i;
    }
    ColumnProfile c = profile(ids);
    assertThat(c.top()).isEmpty();
    assertThat(c.histogram().labels()).containsExactly("(other)");
    assertThat(c.histogram().counts()).containsExactly(20_000L);
  }

  @Test
  void aHeavyValueAmongManyUniqueOnesIsListedWithinTheSketchError() {
    String[] values = new String[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 4 == 0 ? "common" : "v" + i;
    }
    ColumnProfile c = profile(values);
    assertThat(c.top()).hasSize(1);
    assertThat(c.top().get(0).value()).isEqualTo("common");
    assertThat(c.top().get(0).count()).isBetween(5_000L, 5_000L + 20_000L * 4 / 1024);
  }

  private static ColumnProfile profile(String[] values) {
    Frame f = new Frame(List.of(new StringColumn("s", ColumnType.TEXT, values)));
    return Profiler.of(f, "t", Instant.EPOCH).columns().get(0);
  }
}
