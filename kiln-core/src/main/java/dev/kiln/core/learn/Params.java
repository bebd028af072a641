package dev.kiln.core.learn;

import dev.kiln.core.UserException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A learner's effective parameters: every parameter it knows, given or default, each checked
 * against its {@link ParamSpec}. Unknown names and invalid values are refused here, with a message
 * that names the parameter, the value and what is allowed.
 */
public final class Params {
  private final String learner;
  private final Map<String, Object> values;

  private Params(String learner, Map<String, Object> values) {
    this.learner = learner;
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Checks the given parameters and fills in the defaults. Values may be text, as from {@code
   * --param k=v} (parsed by the parameter's type), or typed (Integer, Double, Boolean, String).
   */
  public static Params of(String learner, List<ParamSpec> specs, Map<String, ?> given) {
    Map<String, Object> values = new TreeMap<>();
    for (ParamSpec spec : specs) {
      values.put(spec.name(), spec.defaultValue());
    }
    given.forEach(
        (name, value) -> {
          ParamSpec spec = spec(learner, specs, name);
          if (value instanceof String) {
            values.put(name, spec.parse(learner, (String) value));
          } else {
            values.put(name, spec.check(learner, value, value));
          }
        });
    return new Params(learner, values);
  }

  private static ParamSpec spec(String learner, List<ParamSpec> specs, String name) {
    for (ParamSpec spec : specs) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    throw new UserException(
        "Unknown parameter '"
            + name
            + "' for learner "
            + learner
            + ". Known parameters: "
            + specs.stream().map(ParamSpec::name).sorted().collect(Collectors.joining(", "))
            + ".");
  }

  public String learner() {
    return learner;
  }

  public int integer(String name) {
    return (Integer) get(name);
  }

  public double number(String name) {
    return (Double) get(name);
  }

  public boolean bool(String name) {
    return (Boolean) get(name);
  }

  public String text(String name) {
    return (String) get(name);
  }

  private Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("No parameter " + name + " for learner " + learner);
    }
    return v;
  }

  /** Every parameter with its effective value, sorted by name: for provenance. */
  public Map<String, Object> effective() {
    return values;
  }

  @Override
  public String toString() {
    return learner + values;
  }
}
