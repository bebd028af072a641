package dev.kiln.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.kiln.core.json.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as a handler sees it: method, path, path and query parameters, headers, body.
 * Valid only while its handler runs (the body is the server's buffer, not a copy); nothing is
 * decoded until asked for.
 */
public final class Request {
  private static final String[] NONE = {};

  private final String method;
  private final String uri;
  private final HttpHeaders headers;
  private final ByteBuf body;
  private final int queryStart;
  private String path;
  private String[] paramNames = NONE;
  private String[] paramValues = NONE;
  private Map<String, List<String>> query;

  Request(String method, String uri, HttpHeaders headers, ByteBuf body) {
    this.method = method;
    this.uri = uri;
    this.headers = headers;
    this.body = body;
    this.queryStart = uri.indexOf('?');
  }

  /** A request built without a socket, for routing tests and in-process callers. */
  public static Request of(String method, String uri, Map<String, String> headers, byte[] body) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    HttpHeaders h = new DefaultHttpHeaders();
    headers.forEach(h::add);
    return new Request(method, uri, h, Unpooled.wrappedBuffer(body));
  }

  /** The method in capitals, e.g. {@code GET}. */
  public String method() {
    return method;
  }

  /** The request target as sent: path and query, still percent-encoded. */
  public String uri() {
    return uri;
  }

  /** The path without the query, still percent-encoded (each segment is decoded when matched). */
  public String path() {
    if (path == null) {
      path = queryStart < 0 ? uri : uri.substring(0, queryStart);
    }
    return path;
  }

  /** The decoded value of the route's {@code {name}} segment. */
  public String pathParam(String name) {
    for (int i = 0; i < paramNames.length; i++) {
      if (paramNames[i].equals(name)) {
        return paramValues[i];
      }
    }
    throw new IllegalArgumentException(
        "the route has no path parameter '" + name + "' (it has " + List.of(paramNames) + ")");
  }

  /** The first value of a query parameter, or {@code null} when it is absent. */
  public String queryParam(String name) {
    List<String> values = queryParams(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /** Every value of a query parameter, in order; empty when it is absent. */
  public List<String> queryParams(String name) {
    if (queryStart < 0) {
      return List.of();
    }
    if (query == null) {
      try {
        query = new QueryStringDecoder(uri).parameters();
      } catch (IllegalArgumentException e) {
        throw new HttpError(
            ErrorCode.MALFORMED_REQUEST, "The query string is not valid: " + e.getMessage());
      }
    }
    return query.getOrDefault(name, List.of());
  }

  /** The first value of a header (case-insensitive name), or {@code null} when it is absent. */
  public String header(String name) {
    return headers.get(name);
  }

  /** The {@code Content-Type} header, or {@code null}. */
  public String contentType() {
    return headers.get(HttpHeaderNames.CONTENT_TYPE);
  }

  /** The body's length in bytes. */
  public int bodyLength() {
    return body.readableBytes();
  }

  /** A copy of the body. */
  public byte[] body() {
    return ByteBufUtil.getBytes(body);
  }

  /** The body as a stream over the server's buffer (no copy). */
  public InputStream bodyStream() {
    return new ByteBufInputStream(body.duplicate());
  }

  /**
   * The body parsed as JSON. A content type other than JSON answers 415 (a missing one is taken as
   * JSON, as {@code curl --data} users forget it less often than they send form types); an empty
   * body or bad syntax answers 400 with the line and column.
   */
  public JsonNode json() {
    requireJson();
    if (body.readableBytes() == 0) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, "The request body is empty; expected JSON.");
    }
    try (InputStream in = bodyStream()) {
      return Json.mapper().readTree(in);
    } catch (JsonProcessingException e) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, Errors.malformedJson(e));
    } catch (IOException e) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, "Cannot read the request body: " + e);
    }
  }

  /**
   * The body read as {@code type} with Kiln's JSON settings (snake_case). Bad syntax answers 400
   * MALFORMED_REQUEST; a field of the wrong type answers 400 INVALID_PARAMETER_VALUE naming it.
   */
  public <T> T json(Class<T> type) {
    requireJson();
    try (InputStream in = bodyStream()) {
      return Json.mapper().readValue(in, type);
    } catch (MismatchedInputException e) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Field '" + fieldPath(e) + "' is not valid: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, Errors.malformedJson(e));
    } catch (IOException e) {
      throw new HttpError(ErrorCode.MALFORMED_REQUEST, "Cannot read the request body: " + e);
    }
  }

  private void requireJson() {
    String type = contentType();
    if (type == null) {
      return;
    }
    int semicolon = type.indexOf(';');
    String mime = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
    String lower = mime.toLowerCase(Locale.ROOT);
    if (!lower.equals("application/json") && !lower.endsWith("+json")) {
      throw new HttpError(
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "Expected Content-Type application/json but the request sent '" + type + "'.");
    }
  }

  private static String fieldPath(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "(body)" : path.toString();
  }

  void bind(String[] names, String[] values) {
    this.paramNames = names;
    this.paramValues = values;
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }
}
