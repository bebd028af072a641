package dev.kiln.core.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.schema.Field;
import java.util.List;

/** One input column of a model, as the manifest writes it (type by its schema-file name). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SignatureField(String name, String type, boolean nullable, List<String> categories) {
  public SignatureField {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  public static SignatureField of(Field f) {
    return new SignatureField(f.name(), f.type().key(), f.nullable(), f.categories());
  }

  public Field toField() {
    return new Field(name, ColumnType.parse(type), nullable, categories);
  }
}
