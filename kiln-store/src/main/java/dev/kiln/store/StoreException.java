package dev.kiln.store;

import dev.kiln.core.UserException;

/** A caller's mistake against the store (unknown id, duplicate name, bad value) with its code. */
public final class StoreException extends UserException {
  private final ErrorCode code;

  public StoreException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  static StoreException notFound(String format, Object... args) {
    return new StoreException(ErrorCode.RESOURCE_DOES_NOT_EXIST, String.format(format, args));
  }

  static StoreException invalid(String format, Object... args) {
    return new StoreException(ErrorCode.INVALID_PARAMETER_VALUE, String.format(format, args));
  }

  static StoreException exists(String format, Object... args) {
    return new StoreException(ErrorCode.RESOURCE_ALREADY_EXISTS, String.format(format, args));
  }
}
