package dev.kiln.serve;

import java.util.Map;
import java.util.Objects;

/**
 * A request that cannot be answered, with the code that picks its status and a message that names
 * what was expected and what arrived. Thrown by handlers; rendered by the server as JSON.
 */
public final class HttpError extends RuntimeException {
  private final ErrorCode code;
  private final Map<String, String> headers;

  public HttpError(ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  /** An error whose response also carries {@code headers} (e.g. {@code Retry-After} with a 503). */
  public HttpError(ErrorCode code, String message, Map<String, String> headers) {
    super(message, null, false, false);
    this.code = Objects.requireNonNull(code, "code");
    this.headers = Map.copyOf(headers);
  }

  public ErrorCode code() {
    return code;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
