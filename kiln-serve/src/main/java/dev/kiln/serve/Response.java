package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kiln.core.SystemException;
import dev.kiln.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a handler answers: a status, a content type, the body bytes and any extra headers.
 * Immutable; {@link #header} returns a copy. The body is sent as it is (no copy), so a handler must
 * not change the array afterwards.
 */
public final class Response {
  /** {@code application/json}. */
  public static final String JSON = "application/json";

  private static final ObjectWriter COMPACT =
      Json.mapper().writer().without(SerializationFeature.INDENT_OUTPUT);
  private static final String[] NO_HEADERS = {};

  private final int status;
  private final String contentType;
  private final byte[] body;
  private final String[] headers; // name, value, name, value, ...

  private Response(int status, String contentType, byte[] body, String[] headers) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100..599 but was " + status);
    }
    this.status = status;
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.body = Objects.requireNonNull(body, "body");
    this.headers = headers;
  }

  /** A response with these bytes as its body. */
  public static Response of(int status, String contentType, byte[] body) {
    return new Response(status, contentType, body, NO_HEADERS);
  }

  /** A JSON response whose body is already encoded. */
  public static Response json(int status, byte[] json) {
    return of(status, JSON, json);
  }

  /** A 200 JSON response: {@code value} written with Kiln's JSON settings (snake_case), compact. */
  public static Response json(Object value) {
    return json(200, value);
  }

  /** A JSON response: {@code value} written with Kiln's JSON settings (snake_case), compact. */
  public static Response json(int status, Object value) {
    try {
      return of(status, JSON, COMPACT.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new SystemException("cannot write " + value.getClass().getName() + " as JSON", e);
    }
  }

  /** A plain-text response in UTF-8. */
  public static Response text(int status, String text) {
    return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  /** This response with one more header. */
  public Response header(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    String[] more = Arrays.copyOf(headers, headers.length + 2);
    more[headers.length] = name;
    more[headers.length + 1] = value;
    return new Response(status, contentType, body, more);
  }

  public int status() {
    return status;
  }

  public String contentType() {
    return contentType;
  }

  /** The body bytes themselves (not a copy). */
  @SuppressWarnings("mutable")
  public byte[] body() {
    return body;
  }

  /** The extra headers, in the order they were added. */
  public Map<String, String> headers() {
    if (headers.length == 0) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      map.put(headers[i], headers[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  int headerCount() {
    return headers.length / 2;
  }

  String headerName(int i) {
    return headers[2 * i];
  }

  String headerValue(int i) {
    return headers[2 * i + 1];
  }

  /** The body as UTF-8 text (for tests and logs). */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Response[" + status + " " + contentType + " " + body.length + " bytes]";
  }
}
