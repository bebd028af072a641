package dev.kiln.serve.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import java.io.IOException;

/**
 * Streaming JSON for the scoring parsers: one factory (NaN and Infinity accepted, as Python's
 * {@code json.dumps} writes them) and the helpers every protocol parser shares.
 */
final class JsonScalars {
  static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
          .build();

  private JsonScalars() {}

  /** What {@link #value} returns for a token that is not a scalar. */
  private static final Object NOT_SCALAR = new Object();

  /** What {@link #value} returns when the body ends. */
  private static final Object END = new Object();

  /**
   * The scalar at the parser's current token: {@code Long}, {@code Double}, {@code String}, {@code
   * Boolean} or {@code null}; an array or object answers 400 naming {@code where}.
   */
  static Object scalar(JsonParser p, String where) throws IOException {
    Object v = value(p);
    if (v == NOT_SCALAR || v == END) {
      throw notScalar(v, where);
    }
    return v;
  }

  /**
   * {@link #scalar(JsonParser, String)} for the value of input {@code f} in row {@code row}: the
   * place is named only when the value is wrong, so a good request builds no message.
   */
  static Object scalar(JsonParser p, InputField f, int row) throws IOException {
    Object v = value(p);
    if (v == NOT_SCALAR || v == END) {
      throw notScalar(v, "Input '" + f.name() + "' in row " + row);
    }
    return v;
  }

  /** {@link #scalar(JsonParser, String)} for a place named {@code before + index + after}. */
  static Object scalar(JsonParser p, String before, int index, String after) throws IOException {
    Object v = value(p);
    if (v == NOT_SCALAR || v == END) {
      throw notScalar(v, before + index + after);
    }
    return v;
  }

  private static Object value(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return END;
    }
    switch (t) {
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return p.getDoubleValue();
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_STRING:
        return p.getText();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        return NOT_SCALAR;
    }
  }

  private static HttpError notScalar(Object v, String where) {
    return v == END
        ? malformed(where + ": the body ends early")
        : invalid(where + " must be a single value (number, string, boolean or null)");
  }

  /** Reads the next token, which must be {@code expected}, else 400 naming {@code where}. */
  static void expect(JsonParser p, JsonToken expected, String where) throws IOException {
    JsonToken t = p.nextToken();
    if (t != expected) {
      throw invalid(where + " must be " + describe(expected) + " but was " + describe(t));
    }
  }

  /** Fails unless the current token is {@code expected}. */
  static void require(JsonParser p, JsonToken expected, String where) {
    JsonToken t = p.currentToken();
    if (t != expected) {
      throw invalid(where + " must be " + describe(expected) + " but was " + describe(t));
    }
  }

  /** Fails unless the body has nothing after its one JSON value. */
  static void end(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw malformed("the body has more after its JSON object");
    }
  }

  static String describe(JsonToken t) {
    if (t == null) {
      return "the end of the body";
    }
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : "'" + t.asString() + "'";
    }
  }

  static HttpError invalid(String message) {
    return new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE, message.endsWith(".") ? message : message + ".");
  }

  static HttpError malformed(String message) {
    return new HttpError(
        ErrorCode.MALFORMED_REQUEST, message.endsWith(".") ? message : message + ".");
  }
}
