package dev.kiln.store;

/** Validation of names, keys and values shared by the stores, with MLflow's limits. */
final class Checks {
  static final int MAX_KEY = 250;
  static final int MAX_PARAM_VALUE = 6000;
  static final int MAX_TAG_VALUE = 8000;
  static final int MAX_NAME = 256;

  private Checks() {}

  static void key(String what, String key) {
    if (key == null || key.isEmpty()) {
      throw StoreException.invalid("A %s key must not be empty.", what);
    }
    if (key.length() > MAX_KEY) {
      throw StoreException.invalid(
          "A %s key may have at most %d characters but '%s…' has %d.",
          what, MAX_KEY, key.substring(0, 20), key.length());
    }
  }

  static void value(String what, String value, int max) {
    if (value == null) {
      throw StoreException.invalid("The value of %s must not be null.", what);
    }
    if (value.length() > max) {
      throw StoreException.invalid(
          "The value of %s may have at most %d characters but has %d.", what, max, value.length());
    }
  }

  static String name(String what, String name) {
    if (name == null || name.isBlank()) {
      throw StoreException.invalid("%s name must not be empty.", what);
    }
    if (name.length() > MAX_NAME) {
      throw StoreException.invalid(
          "%s name may have at most %d characters but has %d.", what, MAX_NAME, name.length());
    }
    return name;
  }
}
