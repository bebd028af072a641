package dev.kiln.core.transform;

import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Frames for the transform tests, built here (kiln-testing depends on kiln-core). */
final class TestFrames {
  private TestFrames() {}

  static DoubleColumn doubles(String name, Double... values) {
    DoubleColumn.Builder b = new DoubleColumn.Builder(name, values.length);
    for (Double v : values) {
      if (v == null) {
        b.addNull();
      } else {
        b.add(v);
      }
    }
    return b.build();
  }

  static LongColumn longs(String name, ColumnType type, Long... values) {
    LongColumn.Builder b = new LongColumn.Builder(name, type, values.length);
    for (Long v : values) {
      if (v == null) {
        b.addNull();
      } else {
        b.add(v);
      }
    }
    return b.build();
  }

  static BooleanColumn booleans(String name, Boolean... values) {
    BooleanColumn.Builder b = new BooleanColumn.Builder(name);
    for (Boolean v : values) {
      if (v == null) {
        b.addNull();
      } else {
        b.add(v);
      }
    }
    return b.build();
  }

  static StringColumn strings(String name, ColumnType type, String... values) {
    return new StringColumn(name, type, values.clone());
  }

  /** Row {@code r} of the frame as a serving row aligned to the pipeline's inputs. */
  static Object[] row(FittedPipeline p, Frame frame, int r) {
    List<String> names = p.inputNames();
    Object[] row = new Object[names.size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = frame.column(names.get(i)).get(r);
    }
    return row;
  }

  /**
   * Payments-like rows with every awkward value: nulls, NaN, infinities, empty strings, categories
   * that appear only when {@code unseen} is set, timestamps before 1970, Unicode text.
   */
  static Frame payments(int rows, long seed, boolean unseen) {
    SplittableRandom r = new SplittableRandom(seed);
    String[] merchants = {"grocery", "fuel", "travel", "online", "", "pharmacy"};
    String[] countries = new String[40];
    for (int i = 0; i < countries.length; i++) {
      countries[i] = "C" + i;
    }
    String[] words = {"card", "not", "present", "refund", "Über", "日本", "gift", "CARD", "-", "  "};
    DoubleColumn.Builder amount = new DoubleColumn.Builder("amount", rows);
    LongColumn.Builder age = new LongColumn.Builder("age", ColumnType.INTEGER, rows);
    BooleanColumn.Builder online = new BooleanColumn.Builder("online");
    BooleanColumn.Builder flagged = new BooleanColumn.Builder("flagged");
    StringColumn.Builder merchant =
        new StringColumn.Builder("merchant", ColumnType.CATEGORICAL, rows);
    StringColumn.Builder country =
        new StringColumn.Builder("country", ColumnType.CATEGORICAL, rows);
    LongColumn.Builder at = new LongColumn.Builder("at", ColumnType.TIMESTAMP, rows);
    StringColumn.Builder note = new StringColumn.Builder("note", ColumnType.TEXT, rows);
    DoubleColumn.Builder fraud = new DoubleColumn.Builder("fraud", rows);
    for (int i = 0; i < rows; i++) {
      double u = r.nextDouble();
      if (u < 0.08) {
        amount.addNull();
      } else if (u < 0.1) {
        amount.add(Double.NaN);
      } else if (u < 0.11) {
        amount.add(r.nextBoolean() ? Double.POSITIVE_INFINITY : -0.0);
      } else {
        amount.add(Math.exp(r.nextGaussian() * 1.3 + 3));
      }
      age.add(18 + r.nextInt(70));
      online.add(r.nextBoolean());
      if (r.nextDouble() < 0.1) {
        flagged.addNull();
      } else {
        flagged.add(r.nextDouble() < 0.3);
      }
      if (r.nextDouble() < 0.05) {
        merchant.addNull();
      } else if (unseen && r.nextDouble() < 0.1) {
        merchant.add("casino" + r.nextInt(3));
      } else {
        merchant.add(merchants[r.nextInt(merchants.length)]);
      }
      country.add(unseen && r.nextDouble() < 0.1 ? "ZZ" : countries[r.nextInt(countries.length)]);
      if (r.nextDouble() < 0.05) {
        at.addNull();
      } else {
        long seconds =
            Instant.parse("1965-01-01T00:00:00Z").getEpochSecond() + r.nextLong(70L * 365 * 86400);
        at.add(seconds * 1_000_000L + r.nextInt(1_000_000));
      }
      double v = r.nextDouble();
      if (v < 0.05) {
        note.addNull();
      } else if (v < 0.1) {
        note.add("");
      } else {
        List<String> text = new ArrayList<>();
        for (int w = r.nextInt(6); w >= 0; w--) {
          text.add(words[r.nextInt(words.length)]);
        }
        note.add(String.join(" ", text));
      }
      fraud.add(r.nextDouble() < 0.2 ? 1 : 0);
    }
    List<Column> columns =
        List.of(
            amount.build(),
            age.build(),
            online.build(),
            flagged.build(),
            merchant.build(),
            country.build(),
            at.build(),
            note.build(),
            fraud.build());
    return new Frame(columns);
  }
}
