package dev.kiln.core.transform;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * What a transform learnt from the training data, as plain data: a record that is written to and
 * read back from JSON (the model bundle's manifest embeds it). The per-value logic that applies it
 * lives in one package-private encoder per kind, used by both the column and the row path.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ImputeFit.class, name = "impute"),
  @JsonSubTypes.Type(value = StandardizeFit.class, name = "standardize"),
  @JsonSubTypes.Type(value = OneHotFit.class, name = "one_hot"),
  @JsonSubTypes.Type(value = OrdinalFit.class, name = "ordinal"),
  @JsonSubTypes.Type(value = TargetEncodingFit.class, name = "target_encode"),
  @JsonSubTypes.Type(value = TargetEncodingMulticlassFit.class, name = "target_encode_multiclass"),
  @JsonSubTypes.Type(value = DatePartsFit.class, name = "date_parts"),
  @JsonSubTypes.Type(value = HashedTextFit.class, name = "hashed_text"),
  @JsonSubTypes.Type(value = PassThroughFit.class, name = "pass_through")
})
public sealed interface FittedTransform
    permits ImputeFit,
        StandardizeFit,
        OneHotFit,
        OrdinalFit,
        TargetEncodingFit,
        TargetEncodingMulticlassFit,
        DatePartsFit,
        HashedTextFit,
        PassThroughFit {
  /** The input column it reads. */
  String column();

  /** The names of the features it writes, in order. */
  List<String> featureNames();
}
