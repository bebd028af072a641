package dev.kiln.serve.model;

import dev.kiln.core.learn.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a prediction answers, by task: a classifier's {@code predict} (its label) and {@code
 * probability} (one per class, in the order of the bundle's classes); a regressor's {@code predict}
 * (the value); a clusterer's {@code predict} (the cluster index).
 */
final class Outputs {
  static final String PREDICT = "predict";
  static final String PROBABILITY = "probability";

  private Outputs() {}

  /** The output names of a model, in order. */
  static List<String> names(ServedModel model) {
    return model.task().isClassification() ? List.of(PREDICT, PROBABILITY) : List.of(PREDICT);
  }

  /** The OIP v2 datatype of an output. */
  static String datatype(ServedModel model, String output) {
    if (output.equals(PROBABILITY)) {
      return "FP64";
    }
    Task task = model.task();
    if (task.isClassification()) {
      return model.integerLabels() ? "INT64" : "BYTES";
    }
    return task.kind() == Task.Kind.CLUSTERING ? "INT64" : "FP64";
  }

  private static final byte[] LOGGED_PREDICT = JsonBytes.ascii("\"predict\":");
  private static final byte[] LOGGED_PROBABILITY = JsonBytes.ascii(",\"probability\":[");

  /** The fields of the {@code outputs} object of one logged row. */
  static void writeLogged(JsonBytes g, ServedModel model, double[] out, int offset)
      throws IOException {
    g.raw(LOGGED_PREDICT);
    writePredicted(g, model, out, offset);
    Task task = model.task();
    if (task.isClassification()) {
      g.raw(LOGGED_PROBABILITY);
      for (int c = 0; c < task.classes(); c++) {
        if (c > 0) {
          g.raw(',');
        }
        g.number(out[offset + c]);
      }
      g.raw(']');
    }
  }

  /**
   * The predicted value of the row at {@code offset}: its class label (a number when every label is
   * an integer), cluster or value; NaN and infinities (which JSON lacks) as null.
   */
  static void writePredicted(JsonBytes g, ServedModel model, double[] out, int offset)
      throws IOException {
    Task task = model.task();
    if (task.isClassification()) {
      String label = model.predictor().label(out, offset);
      if (model.integerLabels()) {
        g.number(Long.parseLong(label));
      } else {
        g.string(label);
      }
    } else if (task.kind() == Task.Kind.CLUSTERING) {
      g.number((long) out[offset]);
    } else {
      g.number(out[offset]);
    }
  }

  /**
   * The predicted value of the row at {@code offset} as binary tensor data in its datatype ({@link
   * #datatype}), little-endian: its class label ({@code INT64} when every label is an integer, else
   * {@code BYTES}: a 4-byte length, then UTF-8), cluster ({@code INT64}) or value ({@code FP64}).
   */
  static void putPredicted(
      ByteArrayOutputStream bytes, ServedModel model, double[] out, int offset) {
    Task task = model.task();
    if (task.isClassification()) {
      String label = model.predictor().label(out, offset);
      if (model.integerLabels()) {
        putLittleEndian(bytes, Long.parseLong(label), 8);
      } else {
        byte[] text = label.getBytes(StandardCharsets.UTF_8);
        putLittleEndian(bytes, text.length, 4);
        bytes.writeBytes(text);
      }
    } else if (task.kind() == Task.Kind.CLUSTERING) {
      putLittleEndian(bytes, (long) out[offset], 8);
    } else {
      putLittleEndian(bytes, Double.doubleToRawLongBits(out[offset]), 8);
    }
  }

  /** The low {@code size} bytes of {@code v}, least significant first. */
  static void putLittleEndian(ByteArrayOutputStream bytes, long v, int size) {
    for (int i = 0; i < size; i++) {
      bytes.write((int) (v >>> (8 * i)));
    }
  }
}
