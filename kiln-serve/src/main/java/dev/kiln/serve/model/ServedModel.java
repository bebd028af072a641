package dev.kiln.serve.model;

import dev.kiln.core.UserException;
import dev.kiln.core.bundle.SignatureField;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.learn.Task;
import dev.kiln.core.predict.Predictor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loaded model as the server serves it: its name and version, the predictor, and the input
 * signature in the predictor's row order (with each column's nullability from the bundle).
 *
 * <p>Its predictor holds native memory, so it is closed only when nothing uses it: the {@link
 * ModelRegistry} holds one reference while the version is served, and each scoring request holds
 * one from {@link #acquire()} to {@link #release()}. When the registry lets go ({@link #retire()},
 * e.g. after a hot swap) the last holder to release closes the predictor; once that happened {@code
 * acquire} fails, so no request can start on a closed predictor.
 */
public final class ServedModel {
  private final String name;
  private final String version;
  private final String key;
  private final Predictor predictor;
  private final List<InputField> inputs;
  private final Map<String, InputField> byName;
  private final String[] inputNames;
  private final byte[][] quotedInputs;
  private final boolean integerLabels;
  private final boolean floatInputs;
  private final AtomicInteger holds = new AtomicInteger(1); // the registry's, until retired
  private final AtomicBoolean retired = new AtomicBoolean();

  /** The tensor heads of the last OIP request read as columns by {@link InferBytes}, by place. */
  private final InferBytes.Head[] inferHeads;

  /** The column list of the last dataframe_split request read by {@link SplitBytes}. */
  private volatile SplitBytes.Columns splitColumns;

  private ServedModel(String name, String version, Predictor predictor) {
    this.name = requireName(name, "name");
    this.version = requireName(version, "version");
    this.key = name + '\u0000' + version;
    this.predictor = Objects.requireNonNull(predictor, "predictor");
    Map<String, SignatureField> signature = new HashMap<>();
    for (SignatureField f : predictor.manifest().signature()) {
      signature.put(f.name(), f);
    }
    List<InputField> fields = new ArrayList<>();
    Map<String, InputField> index = new HashMap<>();
    List<String> names = predictor.inputNames();
    for (int i = 0; i < names.size(); i++) {
      SignatureField s = signature.get(names.get(i));
      InputField f =
          s == null
              ? new InputField(names.get(i), ColumnType.FLOAT, true, List.of(), i)
              : new InputField(
                  s.name(), ColumnType.parse(s.type()), s.nullable(), s.categories(), i);
      fields.add(f);
      index.put(f.name(), f);
    }
    this.inputs = List.copyOf(fields);
    this.byName = Map.copyOf(index);
    this.inputNames = names.toArray(new String[0]);
    this.inferHeads = new InferBytes.Head[inputNames.length];
    this.quotedInputs = new byte[inputNames.length][];
    for (int i = 0; i < inputNames.length; i++) {
      quotedInputs[i] = quoted(inputNames[i]);
    }
    boolean integers = !predictor.classes().isEmpty();
    for (String c : predictor.classes()) {
      integers &= c.matches("-?[0-9]{1,18}");
    }
    this.integerLabels = integers;
    this.floatInputs =
        !fields.isEmpty() && fields.stream().allMatch(f -> f.type() == ColumnType.FLOAT);
  }

  /**
   * {@code "name"} as JSON writes it, quotes included, when the name is printable ASCII without a
   * quote or backslash (one way to write it); else null.
   */
  private static byte[] quoted(String name) {
    for (int i = 0; i < name.length(); i++) {
      if (!JsonBytes.plain(name.charAt(i))) {
        return null;
      }
    }
    return ('"' + name + '"').getBytes(StandardCharsets.US_ASCII);
  }

  /** Serves {@code predictor} as {@code name} version {@code version}. */
  public static ServedModel of(String name, String version, Predictor predictor) {
    return new ServedModel(name, version, predictor);
  }

  /**
   * The heads {@link InferBytes} saw last, one per place in a request's inputs list. Threads read
   * and replace its elements without locks: a head is immutable, and one read stale is only
   * compared, not trusted.
   */
  InferBytes.Head[] inferHeads() {
    return inferHeads;
  }

  SplitBytes.Columns splitColumns() {
    return splitColumns;
  }

  void splitColumns(SplitBytes.Columns columns) {
    splitColumns = columns;
  }

  private static String requireName(String value, String what) {
    if (value == null || value.isBlank() || value.contains("/")) {
      throw new UserException(
          "A served model's " + what + " must be non-blank without '/' but was '" + value + "'");
    }
    return value;
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /**
   * Name and version as one string, made once: a key for the maps kept per model version (metrics,
   * the log's prepared names) that a request need not build and hash again.
   */
  String key() {
    return key;
  }

  public Predictor predictor() {
    return predictor;
  }

  public Task task() {
    return predictor.task();
  }

  /** The input columns in row order. */
  public List<InputField> inputs() {
    return inputs;
  }

  /** The input column called {@code column}, or {@code null}. */
  public InputField input(String column) {
    return byName.get(column);
  }

  /** The input names in row order, for error messages. */
  public String expectedInputs() {
    return String.join(", ", inputNames);
  }

  /** Whether every class label is an integer, so MLflow-style answers give labels as numbers. */
  public boolean integerLabels() {
    return integerLabels;
  }

  /**
   * Input {@code index}'s name as a quoted JSON string of ASCII bytes, or null when it has other
   * characters: what a request's bytes are compared with first.
   */
  byte[] quotedInput(int index) {
    return quotedInputs[index];
  }

  /** Whether every input is a float (OIP tensors of such a model are read as columns). */
  boolean floatInputs() {
    return floatInputs;
  }

  /**
   * Takes a hold for one request; {@code false} when the model was retired and its last holder has
   * let go (the predictor is closed or closing): look the name up again.
   */
  boolean acquire() {
    while (true) {
      int h = holds.get();
      if (h == 0) {
        return false;
      }
      if (holds.compareAndSet(h, h + 1)) {
        return true;
      }
    }
  }

  /** Lets go of a hold from {@link #acquire()}; the last one closes a retired model's predictor. */
  void release() {
    if (holds.decrementAndGet() == 0) {
      try {
        predictor.close();
      } catch (RuntimeException e) {
        System.err.println("kiln serve: closing model " + this + " failed: " + e);
      }
    }
  }

  /**
   * The registry no longer serves this version: its predictor is closed once the requests holding
   * it have finished (at once if none does). Idempotent.
   */
  void retire() {
    if (retired.compareAndSet(false, true)) {
      release();
    }
  }

  /** Whether the predictor was closed (retired and released by every request). */
  boolean closed() {
    return holds.get() == 0;
  }

  @Override
  public String toString() {
    return name + "/" + version;
  }
}
