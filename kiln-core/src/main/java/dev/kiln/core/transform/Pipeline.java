package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which transform for which column, before fitting. {@link #fit} learns every transform's state
 * from a training frame and returns a {@link FittedPipeline} that turns frames or single rows into
 * features.
 */
public final class Pipeline {
  /** One transform of one input column. */
  public record Step(String column, Transform transform) {
    public Step {
      Objects.requireNonNull(transform, "transform");
      if (column == null || column.isEmpty()) {
        throw new UserException("a pipeline step needs a column name but got '" + column + "'");
      }
    }
  }

  /** A fitted pipeline and the features of its training rows (target encodings out-of-fold). */
  /**
   * A fitted pipeline and its training rows' features, made when asked for: as a matrix of doubles
   * ({@link #training()}) or as the floats learners take ({@link #trainingFloats()}, with no double
   * matrix in between). In both, a target encoding's features are its out-of-fold values.
   */
  public static final class Fitted {
    private final FittedPipeline pipeline;
    private final Frame frame;
    private final List<double[]> outOfFold;

    private Fitted(FittedPipeline pipeline, Frame frame, List<double[]> outOfFold) {
      this.pipeline = pipeline;
      this.frame = frame;
      this.outOfFold = outOfFold;
    }

    public FittedPipeline pipeline() {
      return pipeline;
    }

    /** The training rows' features as doubles. */
    public FeatureMatrix training() {
      FeatureMatrix m = pipeline.transform(frame);
      double[] values = m.values();
      overlay((at, value) -> values[at] = value);
      return m;
    }

    /**
     * The training rows' features as floats, row-major, {@link FittedPipeline#width()} per row:
     * each value is {@code (float)} of {@link #training()}'s.
     */
    public float[] trainingFloats() {
      float[] values = pipeline.transformFloats(frame);
      overlay((at, value) -> values[at] = (float) value);
      return values;
    }

    private interface Sink {
      void put(int at, double value);
    }

    private void overlay(Sink out) {
      int columns = pipeline.width();
      int offset = 0;
      List<FittedTransform> fitted = pipeline.transforms();
      for (int t = 0; t < fitted.size(); t++) {
        double[] oof = outOfFold.get(t);
        int w = fitted.get(t).featureNames().size();
        if (oof != null) {
          for (int r = 0; r < frame.rowCount(); r++) {
            for (int k = 0; k < w; k++) {
              out.put(r * columns + offset + k, oof[r * w + k]);
            }
          }
        }
        offset += w;
      }
    }
  }

  private final List<Step> steps;

  private Pipeline(List<Step> steps) {
    if (steps.isEmpty()) {
      throw new UserException("a pipeline needs at least one step");
    }
    this.steps = List.copyOf(steps);
  }

  public List<Step> steps() {
    return steps;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default transform for every column of {@code schema} but the excluded ones (the target,
   * keys): numbers are imputed with the median (plus an indicator when the column is nullable),
   * categories one-hot encoded (ordinal above {@value AutoCategorical#DEFAULT_ONE_HOT_LIMIT}
   * distinct values), booleans passed as 0/1 (nullable: most frequent plus an indicator),
   * timestamps split into date parts, text hashed into word n-grams.
   */
  public static Pipeline defaults(Schema schema, String... exclude) {
    Set<String> skip = Set.of(exclude);
    Builder b = builder();
    for (Field f : schema.fields()) {
      if (!skip.contains(f.name())) {
        b.add(f.name(), defaultFor(f));
      }
    }
    return b.build();
  }

  static Transform defaultFor(Field f) {
    return switch (f.type()) {
      case INTEGER, FLOAT -> f.nullable() ? Impute.median().withIndicator() : Impute.median();
      case BOOLEAN -> f.nullable() ? Impute.mostFrequent().withIndicator() : new PassThrough();
      case CATEGORICAL -> AutoCategorical.defaults();
      case TIMESTAMP -> DateParts.defaults();
      case TEXT -> HashedText.defaults();
    };
  }

  /**
   * Fits with the target read from a numeric or boolean column of the frame (which no step may
   * read).
   */
  public FittedPipeline fit(Frame frame, String targetColumn, long seed) {
    return fitTransform(frame, targetColumn, seed).pipeline();
  }

  /** Fits with the given labels (one per row; may be null when no step needs a target). */
  public FittedPipeline fit(Frame frame, double[] target, long seed) {
    return fitTransform(frame, target, seed).pipeline();
  }

  public Fitted fitTransform(Frame frame, String targetColumn, long seed) {
    for (Step s : steps) {
      if (s.column().equals(targetColumn)) {
        throw new UserException(
            "column '"
                + targetColumn
                + "' is the target; a pipeline step ("
                + s.transform().kind()
                + ") must not read it");
      }
    }
    return fitTransform(frame, target(frame, targetColumn), seed);
  }

  /**
   * Fits every step and transforms the training frame. The training features of a target encoding
   * are out-of-fold (see {@link TargetEncoding}); every other feature equals what the fitted
   * pipeline gives for the same rows.
   */
  public Fitted fitTransform(Frame frame, double[] target, long seed) {
    return fitTransform(frame, target, List.of(), seed);
  }

  /**
   * As {@link #fitTransform(Frame, double[], long)} for a classification target: {@code labels} are
   * class indexes into {@code classes}. With 3 classes or more a target encoding writes one feature
   * per class (the category's share of rows of that class); with 2 the labels are the 0/1 target of
   * a binary encoding.
   */
  public Fitted fitTransform(Frame frame, double[] labels, List<String> classes, long seed) {
    List<FittedTransform> fitted = new ArrayList<>();
    List<double[]> outOfFold = new ArrayList<>();
    List<FittedPipeline.Input> inputs = new ArrayList<>();
    for (Step s : steps) {
      Column c = FittedPipeline.column(frame, s.column());
      if (!s.transform().accepts().contains(c.type())) {
        throw new UserException(
            s.transform().kind()
                + " on column '"
                + s.column()
                + "' needs "
                + typeList(s.transform().accepts())
                + " column but '"
                + s.column()
                + "' is "
                + c.type().key());
      }
      if (inputs.stream().noneMatch(in -> in.name().equals(c.name()))) {
        inputs.add(new FittedPipeline.Input(c.name(), c.type()));
      }
      Fitter.Fit fit = Fitter.fit(s.transform(), c, labels, classes, seed);
      fitted.add(fit.fitted());
      outOfFold.add(fit.outOfFold());
    }
    return new Fitted(new FittedPipeline(inputs, fitted), frame, outOfFold);
  }

  private static String typeList(Set<ColumnType> types) {
    List<String> keys =
        types.stream()
            .sorted()
            .map(ColumnType::key)
            .collect(Collectors.toCollection(ArrayList::new));
    String last = keys.remove(keys.size() - 1);
    String list = keys.isEmpty() ? last : String.join(", ", keys) + " or " + last;
    return (list.matches("^[aeiou].*") ? "an " : "a ") + list;
  }

  private static double[] target(Frame frame, String name) {
    Column c = FittedPipeline.column(frame, name);
    if (!(c instanceof DoubleColumn
        || c instanceof BooleanColumn
        || (c instanceof LongColumn l && l.type() == ColumnType.INTEGER))) {
      throw new UserException(
          "target column '"
              + name
              + "' must be integer, float or boolean but is "
              + c.type().key()
              + "; pass the labels as numbers instead");
    }
    double[] y = Fitter.numbers(c);
    for (int i = 0; i < y.length; i++) {
      if (c.isNull(i)) {
        throw new UserException("target column '" + name + "' has a null on row " + i);
      }
    }
    return y;
  }

  @Override
  public String toString() {
    return steps.stream()
        .map(s -> s.column() + ": " + s.transform().kind())
        .collect(Collectors.joining(", ", "Pipeline[", "]"));
  }

  /** Adds steps one column at a time. */
  public static final class Builder {
    private final List<Step> steps = new ArrayList<>();

    private Builder() {}

    public Builder add(String column, Transform transform) {
      steps.add(new Step(column, transform));
      return this;
    }

    public Builder impute(String column, Impute impute) {
      return add(column, impute);
    }

    public Builder standardize(String column) {
      return add(column, Standardize.plain());
    }

    public Builder standardize(String column, Impute before) {
      return add(column, Standardize.after(before));
    }

    public Builder oneHot(String column) {
      return add(column, OneHot.defaults());
    }

    public Builder ordinal(String column) {
      return add(column, new Ordinal());
    }

    public Builder targetEncode(String column) {
      return add(column, TargetEncode.defaults());
    }

    public Builder dateParts(String column) {
      return add(column, DateParts.defaults());
    }

    public Builder hashedText(String column) {
      return add(column, HashedText.defaults());
    }

    public Builder passThrough(String column) {
      return add(column, new PassThrough());
    }

    public Pipeline build() {
      return new Pipeline(steps);
    }
  }
}
