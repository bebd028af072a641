package dev.kiln.core.transform;

import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** The skew test on random frames: any values, any null rates, any pipeline settings. */
class SkewPropertyTest {
  @Property(tries = 60)
  void theDefaultPipelineGivesBitIdenticalFeaturesOnRandomFrames(
      @ForAll long seed,
      @ForAll @IntRange(min = 5, max = 120) int rows,
      @ForAll @DoubleRange(min = 0, max = 0.9) double nullRate) {
    Frame train = randomFrame(new SplittableRandom(seed), rows, nullRate);
    Frame serve = randomFrame(new SplittableRandom(~seed), rows, nullRate);
    double[] labels = new SplittableRandom(seed + 1).doubles(rows).toArray();

    FittedPipeline p = Pipeline.defaults(train.schema()).fit(train, labels, seed);

    SkewTest.assertSameBits(p, train);
    SkewTest.assertSameBits(p, serve);
  }

  @Property(tries = 40)
  void everyEncoderGivesBitIdenticalFeaturesOnRandomFrames(
      @ForAll long seed,
      @ForAll @IntRange(min = 5, max = 80) int rows,
      @ForAll @IntRange(min = 1, max = 8) int maxCategories,
      @ForAll @IntRange(min = 2, max = 5) int folds,
      @ForAll @DoubleRange(min = 0, max = 50) double smoothing,
      @ForAll @IntRange(min = 1, max = 64) int buckets,
      @ForAll boolean termFrequency) {
    Frame train = randomFrame(new SplittableRandom(seed), rows, 0.2);
    Frame serve = randomFrame(new SplittableRandom(~seed), rows, 0.2);
    double[] labels = new SplittableRandom(seed + 1).doubles(rows).toArray();
    Pipeline pipeline =
        Pipeline.builder()
            .add("x", Impute.mostFrequent().withIndicator())
            .add("n", Standardize.after(Impute.mean().withIndicator()))
            .add("c", new OneHot(maxCategories))
            .add("c", new Ordinal())
            .add("c", new TargetEncode(folds, smoothing))
            .add("t", new DateParts(true))
            .add(
                "s",
                HashedText.chars(1, 3)
                    .withWords(1, 2)
                    .withBuckets(buckets)
                    .withTermFrequency(termFrequency))
            .build();

    FittedPipeline p = pipeline.fit(train, labels, seed);

    SkewTest.assertSameBits(p, train);
    SkewTest.assertSameBits(p, serve);
  }

  static Frame randomFrame(SplittableRandom r, int rows, double nullRate) {
    double[] specials = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      0.0,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      1e-300
    };
    String[] categories = {"", "a", "b", "B", "ü", "a b", "日本", " "};
    DoubleColumn.Builder x = new DoubleColumn.Builder("x", rows);
    LongColumn.Builder n = new LongColumn.Builder("n", ColumnType.INTEGER, rows);
    StringColumn.Builder c = new StringColumn.Builder("c", ColumnType.CATEGORICAL, rows);
    LongColumn.Builder t = new LongColumn.Builder("t", ColumnType.TIMESTAMP, rows);
    StringColumn.Builder s = new StringColumn.Builder("s", ColumnType.TEXT, rows);
    for (int i = 0; i < rows; i++) {
      // the first row always has values so every statistic has something to learn from
      boolean isNull = i > 0 && r.nextDouble() < nullRate;
      if (isNull) {
        x.addNull();
      } else {
        x.add(
            i > 0 && r.nextDouble() < 0.2
                ? specials[r.nextInt(specials.length)]
                : r.nextGaussian() * 1e3);
      }
      if (i > 0 && r.nextDouble() < nullRate) {
        n.addNull();
      } else {
        n.add(r.nextLong(-1_000_000, 1_000_000));
      }
      c.add(
          r.nextDouble() < nullRate
              ? null
              : categories[r.nextInt(categories.length)] + r.nextInt(3));
      if (r.nextDouble() < nullRate) {
        t.addNull();
      } else {
        t.add(r.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L));
      }
      if (r.nextDouble() < nullRate) {
        s.addNull();
      } else {
        StringBuilder text = new StringBuilder();
        for (int w = r.nextInt(5); w > 0; w--) {
          text.append(categories[r.nextInt(categories.length)]).append(r.nextBoolean() ? " " : ",");
        }
        s.add(text.toString());
      }
    }
    List<Column> columns =
        new ArrayList<>(List.of(x.build(), n.build(), c.build(), t.build(), s.build()));
    return new Frame(columns);
  }
}
