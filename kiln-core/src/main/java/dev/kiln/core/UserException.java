package dev.kiln.core;

/**
 * A caller's mistake: bad input, a wrong option, a file that is not there. The message is the whole
 * story for the user (what was expected, what arrived, what to do) and is printed without a stack
 * trace.
 */
public class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Throws a {@code UserException} with the formatted message unless {@code condition} holds. */
  public static void require(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new UserException(String.format(format, args));
    }
  }
}
