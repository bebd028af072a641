package dev.kiln.store;

/**
 * The kind of a caller's mistake, named as MLflow's error codes so that the HTTP layer maps each to
 * the status MLflow clients expect (404, 400, 400, 400).
 */
public enum ErrorCode {
  RESOURCE_DOES_NOT_EXIST,
  INVALID_PARAMETER_VALUE,
  RESOURCE_ALREADY_EXISTS,
  INVALID_STATE
}
