package dev.kiln.store;

/**
 * Who makes a registry change and why; written to the audit log with the change.
 *
 * @param why free text, or null
 */
public record Change(String who, String why) {
  public Change {
    if (who == null || who.isBlank()) {
      throw StoreException.invalid("A registry change must say who makes it (a user name).");
    }
  }

  public static Change by(String who) {
    return new Change(who, null);
  }

  public Change because(String reason) {
    return new Change(who, reason);
  }
}
