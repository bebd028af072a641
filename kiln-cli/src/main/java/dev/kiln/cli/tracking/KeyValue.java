package dev.kiln.cli.tracking;

import dev.kiln.core.UserException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code KEY=VALUE} arguments. */
final class KeyValue {
  private KeyValue() {}

  static Map.Entry<String, String> parse(String option, String pair) {
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new UserException(option + " '" + pair + "' is not KEY=VALUE (e.g. team=risk)");
    }
    return Map.entry(pair.substring(0, eq).strip(), pair.substring(eq + 1));
  }

  static Map<String, String> parseAll(String option, List<String> pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : pairs) {
      Map.Entry<String, String> e = parse(option, p);
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }
}
