package dev.kiln.core.transform;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.Frame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad configuration and bad input are refused with one line that names what is wrong. */
class ValidationTest {
  static final Frame TRAIN = SkewTest.TRAIN;

  @Test
  void rejectsAnUnknownImputeStrategyListingTheKnownOnes() {
    assertThatThrownBy(() -> Impute.of("avg"))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "impute strategy must be one of mean, median, constant, most_frequent but was 'avg'");
  }

  @Test
  void rejectsOutOfRangeParameters() {
    assertThatThrownBy(() -> new OneHot(0))
        .hasMessage("one_hot max_categories must be positive but was 0");
    assertThatThrownBy(() -> new TargetEncode(1, 10))
        .hasMessage("target_encode folds must be at least 2 but was 1");
    assertThatThrownBy(() -> new TargetEncode(5, -1))
        .hasMessage("target_encode smoothing must be a finite number >= 0 but was -1.0");
    assertThatThrownBy(() -> new TargetEncode(5, Double.NaN))
        .hasMessage("target_encode smoothing must be a finite number >= 0 but was NaN");
    assertThatThrownBy(() -> HashedText.defaults().withBuckets(0))
        .hasMessage("hashed_text buckets must be positive but was 0");
    assertThatThrownBy(() -> HashedText.defaults().withWords(3, 2))
        .hasMessage(
            "hashed_text word n-gram range must be 1 <= min <= max (or 0..0 for none) but was 3..2");
    assertThatThrownBy(() -> HashedText.defaults().withWords(0, 0))
        .hasMessage("hashed_text needs word or char n-grams but both ranges were 0..0");
    assertThatThrownBy(() -> Impute.constant(Double.NaN))
        .hasMessage("impute constant must be a finite number but was NaN");
    assertThatThrownBy(() -> new AutoCategorical(0))
        .hasMessage("one_hot_limit must be positive but was 0");
    assertThatThrownBy(() -> Pipeline.builder().build())
        .hasMessage("a pipeline needs at least one step");
    assertThatThrownBy(() -> Pipeline.builder().oneHot(""))
        .hasMessage("a pipeline step needs a column name but got ''");
  }

  @Test
  void rejectsATransformOnAColumnOfTheWrongTypeNamingColumnAndTypes() {
    assertThatThrownBy(() -> fit(Pipeline.builder().oneHot("amount")))
        .isInstanceOf(UserException.class)
        .hasMessage(
            "one_hot on column 'amount' needs an integer, boolean, categorical or text column but"
                + " 'amount' is float");
    assertThatThrownBy(() -> fit(Pipeline.builder().standardize("merchant")))
        .hasMessage(
            "standardize on column 'merchant' needs an integer, float or boolean column but"
                + " 'merchant' is categorical");
    assertThatThrownBy(() -> fit(Pipeline.builder().dateParts("age")))
        .hasMessage("date_parts on column 'age' needs a timestamp column but 'age' is integer");
  }

  @Test
  void rejectsAMissingColumnAtFitAndAtTransformListingThosePresent() {
    assertThatThrownBy(() -> fit(Pipeline.builder().passThrough("amout")))
        .hasMessage(
            "the pipeline needs column 'amout' but the frame has: amount, age, online, flagged,"
                + " merchant, country, at, note, fraud");
    FittedPipeline p = fit(Pipeline.builder().passThrough("age").oneHot("merchant"));
    Frame without = new Frame(List.of(TRAIN.column("age"), TRAIN.column("fraud")));
    assertThatThrownBy(() -> p.transform(without))
        .hasMessage("the pipeline needs column 'merchant' but the frame has: age, fraud");
  }

  @Test
  void rejectsAColumnWhoseTypeChangedSinceFitting() {
    FittedPipeline p = fit(Pipeline.builder().oneHot("merchant"));
    Frame changed = new Frame(List.of(TestFrames.doubles("merchant", 1.0, 2.0)));
    assertThatThrownBy(() -> p.transform(changed))
        .hasMessage("column 'merchant' is float but the pipeline was fitted on categorical");
  }

  @Test
  void acceptsIntegersWhereFloatsWereFittedAndTextWhereCategoriesWere() {
    FittedPipeline p = fit(Pipeline.builder().passThrough("amount").oneHot("merchant"));
    Frame other =
        new Frame(
            List.of(
                TestFrames.longs("amount", ColumnType.INTEGER, 3L, null),
                TestFrames.strings("merchant", ColumnType.TEXT, "fuel", null)));
    SkewTest.assertSameBits(p, other);
  }

  @Test
  void rejectsBadRowsNamingTheColumn() {
    FittedPipeline p =
        fit(Pipeline.builder().passThrough("amount").oneHot("merchant").dateParts("at"));
    assertThatThrownBy(() -> p.transformRow(new Object[] {"12.5", "fuel", null}))
        .hasMessage("column 'amount' needs a number but the row has a String: '12.5'");
    assertThatThrownBy(() -> p.transformRow(new Object[] {1.0, 2.5, null}))
        .hasMessage("column 'merchant' needs a string but the row has a Double: '2.5'");
    assertThatThrownBy(() -> p.transformRow(new Object[] {1.0, "fuel", "2024-01-01"}))
        .hasMessage(
            "column 'at' needs a timestamp (epoch microseconds as a Long, or an Instant) but the"
                + " row has a String: '2024-01-01'");
    assertThatThrownBy(() -> p.transformRow(new Object[] {1.0}))
        .hasMessage("a row needs 3 values (amount, merchant, at) but has 1");
    assertThatThrownBy(() -> p.transformRow(Map.of("amount", 1.0, "merchant", "fuel")))
        .hasMessageStartingWith("the row has no 'at'; it has: ")
        .satisfiesAnyOf(
            e ->
                org.assertj.core.api.Assertions.assertThat(e)
                    .hasMessageEndingWith("amount, merchant"),
            e ->
                org.assertj.core.api.Assertions.assertThat(e)
                    .hasMessageEndingWith("merchant, amount"));
  }

  @Test
  void rejectsImputeAndStandardizeOfAColumnWithNoValues() {
    Frame empty = new Frame(List.of(TestFrames.doubles("x", null, Double.NaN, null)));
    assertThatThrownBy(
            () ->
                Pipeline.builder()
                    .impute("x", Impute.mean())
                    .build()
                    .fit(empty, (double[]) null, 1))
        .hasMessage(
            "impute (mean) of column 'x' has nothing to learn from: all 3 training values are null"
                + " or not finite");
    assertThatThrownBy(
            () -> Pipeline.builder().standardize("x").build().fit(empty, (double[]) null, 1))
        .hasMessage(
            "standardize of column 'x' has nothing to learn from: all 3 training values are null or"
                + " not finite");
  }

  @Test
  void rejectsTargetProblems() {
    Pipeline te = Pipeline.builder().targetEncode("merchant").build();
    assertThatThrownBy(() -> te.fit(TRAIN, (double[]) null, 1))
        .hasMessage(
            "target_encode of column 'merchant' needs a target: fit the pipeline with the target"
                + " column or labels");
    assertThatThrownBy(() -> te.fit(TRAIN, new double[3], 1))
        .hasMessage("target_encode of column 'merchant' got 3 targets for 600 rows");
    double[] y = new double[TRAIN.rowCount()];
    y[17] = Double.NaN;
    assertThatThrownBy(() -> te.fit(TRAIN, y, 1))
        .hasMessage(
            "target_encode of column 'merchant' needs a finite target on every row but row 17 has"
                + " NaN");
    assertThatThrownBy(() -> te.fit(TRAIN, "merchant", 1))
        .hasMessage(
            "column 'merchant' is the target; a pipeline step (target_encode) must not read it");
    assertThatThrownBy(() -> te.fit(TRAIN, "note", 1))
        .hasMessage(
            "target column 'note' must be integer, float or boolean but is text; pass the labels as"
                + " numbers instead");
    assertThatThrownBy(() -> te.fit(TRAIN, "flagged", 1))
        .hasMessageStartingWith("target column 'flagged' has a null on row ");
    Frame three = TRAIN.head(3);
    assertThatThrownBy(() -> te.fit(three, "fraud", 1))
        .hasMessage(
            "target_encode of column 'merchant' needs at least as many rows as folds (5) but has 3");
  }

  @Test
  void rejectsTwoTransformsWritingTheSameFeature() {
    assertThatThrownBy(
            () -> fit(Pipeline.builder().passThrough("age").impute("age", Impute.mean())))
        .hasMessage(
            "two transforms write the feature 'age'; give column 'age' only one transform of each"
                + " kind");
  }

  static FittedPipeline fit(Pipeline.Builder b) {
    return b.build().fit(TRAIN, "fraud", 1);
  }
}
