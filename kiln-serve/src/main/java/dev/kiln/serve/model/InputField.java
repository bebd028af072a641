package dev.kiln.serve.model;

import dev.kiln.core.frame.ColumnType;
import java.util.List;

/**
 * One input column a served model takes, in the order its predictor reads a row.
 *
 * @param position the index of this column in a row
 */
public record InputField(
    String name, ColumnType type, boolean nullable, List<String> categories, int position) {
  public InputField {
    categories = List.copyOf(categories);
  }

  /** The Open Inference Protocol v2 datatype this column is described with in model metadata. */
  public String oipDatatype() {
    switch (type) {
      case INTEGER:
        return "INT64";
      case FLOAT:
        return "FP64";
      case BOOLEAN:
        return "BOOL";
      default:
        return "BYTES";
    }
  }
}
