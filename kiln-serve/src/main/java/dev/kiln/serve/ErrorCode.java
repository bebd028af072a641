package dev.kiln.serve;

/**
 * The one table from error codes to HTTP statuses, for every API the server speaks. The names and
 * statuses are MLflow's ({@code mlflow/protos/databricks.proto} and {@code
 * ERROR_CODE_TO_HTTP_STATUS} in {@code mlflow/server/handlers.py}) so MLflow clients recognise
 * them; the last four are Kiln's own for failures MLflow has no code for.
 */
public enum ErrorCode {
  INTERNAL_ERROR(500),
  INVALID_STATE(500),
  BAD_REQUEST(400),
  INVALID_PARAMETER_VALUE(400),
  MALFORMED_REQUEST(400),
  RESOURCE_ALREADY_EXISTS(400),
  UNAUTHENTICATED(401),
  PERMISSION_DENIED(403),
  RESOURCE_DOES_NOT_EXIST(404),
  ENDPOINT_NOT_FOUND(404),
  RESOURCE_CONFLICT(409),
  REQUEST_LIMIT_EXCEEDED(429),
  NOT_IMPLEMENTED(501),
  TEMPORARILY_UNAVAILABLE(503),
  METHOD_NOT_ALLOWED(405),
  REQUEST_TIMEOUT(408),
  PAYLOAD_TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  /** The HTTP status this code is answered with. */
  public int status() {
    return status;
  }
}
