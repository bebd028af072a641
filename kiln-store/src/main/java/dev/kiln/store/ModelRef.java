package dev.kiln.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reference to a registered model's version as users write it: {@code NAME@ALIAS}, {@code
 * NAME/VERSION}, or {@code NAME} alone (its latest version).
 *
 * @param alias null unless the reference names an alias
 * @param version 0 unless the reference names a version number
 */
public record ModelRef(String name, String alias, int version) {
  private static final Pattern VERSION = Pattern.compile("(.+)/([0-9]+)");

  public ModelRef {
    Checks.name("A registered model", name);
  }

  /** Parses {@code NAME@ALIAS}, {@code NAME/VERSION} or {@code NAME}. */
  public static ModelRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw StoreException.invalid(
          "A model reference is NAME, NAME@ALIAS or NAME/VERSION, but was empty.");
    }
    String s = text.strip();
    int at = s.lastIndexOf('@');
    if (at >= 0) {
      String alias = s.substring(at + 1);
      if (at == 0 || alias.isEmpty()) {
        throw StoreException.invalid(
            "A model reference is NAME, NAME@ALIAS or NAME/VERSION, but was '%s'.", text);
      }
      return new ModelRef(s.substring(0, at), alias, 0);
    }
    Matcher m = VERSION.matcher(s);
    if (m.matches()) {
      int v;
      try {
        v = Integer.parseInt(m.group(2));
      } catch (NumberFormatException e) {
        v = 0;
      }
      if (v < 1) {
        throw StoreException.invalid(
            "A model version is a number from 1 up, but '%s' names version %s.", text, m.group(2));
      }
      return new ModelRef(m.group(1), null, v);
    }
    return new ModelRef(s, null, 0);
  }

  /** The version this reference names, looked up in the registry. */
  public ModelVersion resolve(RegistryStore registry) {
    if (alias != null) {
      return registry.getModelVersionByAlias(name, alias);
    }
    if (version > 0) {
      return registry.getModelVersion(name, version);
    }
    RegisteredModel model = registry.getRegisteredModel(name);
    if (model.latestVersion() == 0) {
      throw StoreException.notFound("Registered model '%s' has no versions yet.", name);
    }
    return registry.getModelVersion(name, model.latestVersion());
  }

  @Override
  public String toString() {
    return alias != null ? name + "@" + alias : version > 0 ? name + "/" + version : name;
  }
}
