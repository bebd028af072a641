package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.core.predict.Predictor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The single-row path without boxing (a model of numeric inputs, a request read into columns of
 * doubles) predicts what the boxed row path predicts, to the bit, a missing column included.
 */
class UnboxedRowTest {
  @Test
  void columnsOfDoublesPredictWhatTheBoxedRowPredicts() {
    ServedModel model = SplitBytesTest.MODEL; // float inputs, one of them nullable
    Predictor p = model.predictor();
    assertThat(p.numericInputs()).isTrue();
    int width = model.inputs().size();
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      int rows = 1 + random.nextInt(4);
      double[][] columns = new double[width][];
      for (int c = 0; c < width; c++) {
        if (model.inputs().get(c).nullable() && random.nextInt(4) == 0) {
          continue; // left out: missing in every row
        }
        columns[c] = new double[rows];
        for (int r = 0; r < rows; r++) {
          columns[c][r] =
              random.nextBoolean()
                  ? random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3)
                  : random.nextInt(200) - 100;
        }
      }
      Batch batch = Batch.ofColumns(model, columns, rows, null);
      for (int r = 0; r < rows; r++) {
        double[] unboxed = new double[p.width()];
        double[] boxed = new double[p.width()];
        assertThat(batch.predictUnboxed(r, unboxed)).isTrue();
        p.predict(batch.row(r), boxed);
        assertThat(unboxed).isEqualTo(boxed);
      }
    }
  }

  @Test
  void aModelWithOtherInputsKeepsTheBoxedPath() {
    ServedModel payments = PaymentsModel.served("1"); // categories, a timestamp, a boolean
    assertThat(payments.predictor().numericInputs()).isFalse();
    Batch batch = Batch.ofColumns(payments, new double[payments.inputs().size()][], 1, null);
    assertThat(batch.predictUnboxed(0, new double[payments.predictor().width()])).isFalse();
    assertThatThrownBy(
            () ->
                payments
                    .predictor()
                    .predict(new double[payments.inputs().size()][], 0, new double[2]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
