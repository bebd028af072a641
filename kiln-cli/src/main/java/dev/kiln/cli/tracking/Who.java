package dev.kiln.cli.tracking;

import java.util.Map;

/** The user a run or registry change is recorded for: {@code --who}, else {@code $USER}. */
public final class Who {
  private Who() {}

  public static String of(String given, Map<String, String> env) {
    if (given != null && !given.isBlank()) {
      return given.strip();
    }
    String user = env.get("USER");
    if (user == null || user.isBlank()) {
      user = System.getProperty("user.name", "unknown");
    }
    return user;
  }
}
