package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.serve.HttpError;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * One OIP tensor of shape [n, k] holding the whole table (KServe's scikit-learn and XGBoost
 * runtimes' layout): read as the k columns in signature order, with the same rows as one tensor per
 * column, and its faults named.
 */
class InferTableTest {
  private static final ServedModel MODEL = SplitBytesTest.MODEL; // two float inputs

  private static InferRequest parse(String body) throws Exception {
    return InferRequest.parse(
        MODEL, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String columns(double[][] rows) {
    StringBuilder b = new StringBuilder("{\"inputs\":[");
    for (int c = 0; c < MODEL.inputs().size(); c++) {
      b.append(c > 0 ? "," : "")
          .append("{\"name\":\"")
          .append(MODEL.inputs().get(c).name())
          .append("\",\"datatype\":\"FP64\",\"shape\":[")
          .append(rows.length)
          .append("],\"data\":[");
      for (int r = 0; r < rows.length; r++) {
        b.append(r > 0 ? "," : "").append(rows[r][c]);
      }
      b.append("]}");
    }
    return b.append("]}").toString();
  }

  private static void assertSameRows(InferRequest a, InferRequest b) {
    assertThat(a.batch().size()).isEqualTo(b.batch().size());
    for (int r = 0; r < a.batch().size(); r++) {
      assertThat(a.batch().row(r)).containsExactly(b.batch().row(r));
    }
  }

  @Test
  void oneTensorOfTheWholeTableIsReadAsItsColumns() throws Exception {
    double[][] rows = {{12.5, 3.0}, {-1.0, 0.25}, {7.0, 1e3}};
    InferRequest expected = parse(columns(rows));
    String flat =
        "{\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP64\",\"shape\":[3,2],"
            + "\"data\":[12.5,3.0,-1.0,0.25,7.0,1e3]}]}";
    String nested = flat.replace("[12.5,3.0,-1.0,0.25,7.0,1e3]", "[[12.5,3],[-1,0.25],[7,1000]]");
    assertSameRows(parse(flat), expected);
    assertSameRows(parse(nested), expected);
    // and as binary data (FP32 here: the values are exact in float)
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    for (double[] row : rows) {
      for (double v : row) {
        b.putFloat((float) v);
      }
    }
    String json =
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[3,2],"
            + "\"parameters\":{\"binary_data_size\":24}}]}";
    byte[] head = json.getBytes(StandardCharsets.UTF_8);
    InferRequest binary =
        InferRequest.parse(
            MODEL,
            new ByteArrayInputStream(head),
            new BinaryTensors.Part(b.array(), 0, b.array().length));
    assertSameRows(binary, expected);
  }

  @Test
  void aTableThatDoesNotFitIsNamed() {
    // values missing for the shape
    assertThatThrownBy(
            () ->
                parse(
                    "{\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP64\",\"shape\":[3,2],"
                        + "\"data\":[1,2,3,4,5]}]}"))
        .isInstanceOf(HttpError.class)
        .hasMessageContaining("Input 'input-0' has shape [3, 2] (a table of the model's 2 inputs")
        .hasMessageContaining("but 5 values in 'data'");
    // a table of three columns for two inputs: an unknown input, as before
    assertThatThrownBy(
            () ->
                parse(
                    "{\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP64\",\"shape\":[1,3],"
                        + "\"data\":[1,2,3]}]}"))
        .isInstanceOf(HttpError.class)
        .hasMessageContaining("input-0");
    // a string in a float column of the table: named by its column and row
    assertThatThrownBy(
            () ->
                parse(
                    "{\"inputs\":[{\"name\":\"input-0\",\"datatype\":\"FP64\",\"shape\":[2,2],"
                        + "\"data\":[1,2,3,\"x\"]}]}"))
        .isInstanceOf(HttpError.class)
        .hasMessageContaining(MODEL.inputs().get(1).name());
  }
}
