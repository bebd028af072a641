package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.kiln.core.UserException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one renderer of error responses. Every error, whatever API it comes from, is
 *
 * <pre>{"error_code": "INVALID_PARAMETER_VALUE", "message": "...", "error": "..."}</pre>
 *
 * {@code error_code} and {@code message} are MLflow's shape (its Python and Java clients read those
 * two keys); {@code error} repeats the message because the Open Inference Protocol v2 (section
 * "Inference Response JSON Object", error case) says a failed request answers {@code {"error":
 * string}} and its clients (tritonclient) read that key. One body satisfies both protocols'
 * clients, so no handler has to know which API it belongs to.
 */
final class Errors {
  private static final System.Logger LOG = System.getLogger("dev.kiln.serve");
  private static final JsonFactory JSON = new JsonFactory();
  private static final AtomicLong INCIDENTS = new AtomicLong();

  private Errors() {}

  /** The error response for {@code code} with {@code message}. */
  static Response of(ErrorCode code, String message) {
    return Response.json(code.status(), body(code, message));
  }

  /**
   * The response for whatever a handler threw: 4xx for the caller's mistakes, a logged 500 else.
   */
  static Response render(Throwable thrown, Request request) {
    if (thrown instanceof HttpError) {
      HttpError error = (HttpError) thrown;
      Response response = of(error.code(), error.getMessage());
      for (Map.Entry<String, String> header : error.headers().entrySet()) {
        response = response.header(header.getKey(), header.getValue());
      }
      return response;
    }
    if (thrown instanceof UserException) {
      return of(ErrorCode.INVALID_PARAMETER_VALUE, thrown.getMessage());
    }
    if (thrown instanceof JsonProcessingException) {
      return of(ErrorCode.MALFORMED_REQUEST, malformedJson((JsonProcessingException) thrown));
    }
    long incident = INCIDENTS.incrementAndGet();
    LOG.log(
        System.Logger.Level.ERROR,
        "internal error #" + incident + " answering " + request.method() + " " + request.path(),
        thrown);
    return of(
        ErrorCode.INTERNAL_ERROR,
        "Internal server error #" + incident + "; the server log has the details.");
  }

  /** A one-line description of a JSON syntax error with its line and column. */
  static String malformedJson(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "Malformed JSON in the request body" + where + ": " + e.getOriginalMessage();
  }

  static byte[] body(ErrorCode code, String message) {
    String text = message == null ? code.name() : message;
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + text.length());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("error_code", code.name());
      json.writeStringField("message", text);
      json.writeStringField("error", text);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
