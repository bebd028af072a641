package dev.kiln.learn;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;

/**
 * The boundary to a native library: its checked errors (and a missing OpenMP runtime) become Kiln
 * errors that say which learner was doing what, so no raw stack trace reaches a user.
 */
final class Native {
  private Native() {}

  /** A call into a library that may throw its own checked error. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws Exception;
  }

  static <T> T call(String learner, String action, Call<T> call) {
    try {
      return call.run();
    } catch (UserException | SystemException e) {
      throw e;
    } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
      throw new SystemException(
          "The native library of learner "
              + learner
              + " could not be loaded while "
              + action
              + " ("
              + e.getMessage()
              + "). It needs the system's OpenMP runtime: install libgomp1 (apt-get install libgomp1).",
          e);
    } catch (Exception e) {
      throw new UserException(
          "Learner " + learner + " failed while " + action + ": " + firstLine(e.getMessage()), e);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "no message from the library";
    }
    String m = message.strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
