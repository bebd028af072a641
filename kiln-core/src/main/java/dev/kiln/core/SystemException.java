package dev.kiln.core;

/** A fault of the system rather than of the caller's input: a bug, a broken engine, a full disk. */
public class SystemException extends RuntimeException {
  public SystemException(String message, Throwable cause) {
    super(message, cause);
  }

  public SystemException(String message) {
    super(message);
  }
}
