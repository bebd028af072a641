package dev.kiln.learn.trees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * Reads Universal Binary JSON (ubjson.org, draft 12), the format of XGBoost's {@code .ubj} model
 * files, into Jackson's tree: the same tree XGBoost's JSON model gives, so {@link XgBoostJson}
 * reads either. Reading the file here lets a bundle's XGBoost model be evaluated without loading
 * XGBoost's 17 MB native library.
 *
 * <p>Big-endian numbers: {@code i} int8, {@code U} uint8, {@code I} int16, {@code l} int32, {@code
 * L} int64, {@code d} float32 (kept as a float: XGBoost's floats are float32), {@code D} float64;
 * {@code S} strings and object keys with an integer length; {@code T}/{@code F}/{@code Z}; arrays
 * and objects either closed by {@code ]}/{@code }} or sized ({@code #}) and typed ({@code $}), as
 * XGBoost writes its node arrays. {@code N} (no-op) is skipped. Anything else, or a file that ends
 * early, is {@link Unsupported}: the caller then lets the library read the file.
 *
 * <p>A typed, counted array of integers ({@code i U I l}) or of float32 ({@code d}), as XGBoost
 * writes every node array, is kept as one {@code int[]} or {@code float[]} in a {@link
 * com.fasterxml.jackson.databind.node.POJONode} instead of a node per number: a model of 200 trees
 * has about 200,000 such numbers, and building their nodes was most of a cold load's time.
 */
final class Ubjson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final int MAX_DEPTH = 64;

  private final byte[] b;
  private int at;

  private Ubjson(byte[] bytes) {
    this.b = bytes;
  }

  static JsonNode read(byte[] bytes) throws Unsupported {
    Ubjson r = new Ubjson(bytes);
    try {
      JsonNode root = r.value(r.marker(), 0);
      if (r.at != bytes.length) {
        throw new Unsupported("the UBJSON model has " + (bytes.length - r.at) + " bytes too many");
      }
      return root;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw new Unsupported("the UBJSON model ends early");
    }
  }

  /** The next type marker, skipping no-ops. */
  private byte marker() {
    byte m = b[at++];
    while (m == 'N') {
      m = b[at++];
    }
    return m;
  }

  private JsonNode value(byte type, int depth) throws Unsupported {
    switch (type) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case 'S':
        return NODES.textNode(string());
      case 'T':
        return NODES.booleanNode(true);
      case 'F':
        return NODES.booleanNode(false);
      case 'Z':
        return NODES.nullNode();
      case 'd':
        return NODES.numberNode(Float.intBitsToFloat(int32()));
      case 'D':
        return NODES.numberNode(Double.longBitsToDouble(int64()));
      case 'L':
        return NODES.numberNode(int64());
      default:
        return NODES.numberNode(integer(type));
    }
  }

  /** An integer of type {@code i}, {@code U}, {@code I} or {@code l}. */
  private int integer(byte type) throws Unsupported {
    switch (type) {
      case 'i':
        return b[at++];
      case 'U':
        return b[at++] & 0xFF;
      case 'I':
        int v = (short) (((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF));
        at += 2;
        return v;
      case 'l':
        return int32();
      default:
        throw new Unsupported(
            "the UBJSON model has the unknown marker '" + (char) type + "' at byte " + (at - 1));
    }
  }

  private int int32() {
    int v =
        ((b[at] & 0xFF) << 24)
            | ((b[at + 1] & 0xFF) << 16)
            | ((b[at + 2] & 0xFF) << 8)
            | (b[at + 3] & 0xFF);
    at += 4;
    return v;
  }

  private long int64() {
    long hi = int32() & 0xFFFFFFFFL;
    long lo = int32() & 0xFFFFFFFFL;
    return (hi << 32) | lo;
  }

  /** A length: any integer type, 64-bit included, that fits in an int and is not negative. */
  private int length() throws Unsupported {
    byte type = marker();
    long n = type == 'L' ? int64() : integer(type);
    if (n < 0 || n > b.length - at) {
      throw new Unsupported("the UBJSON model has a length of " + n + " at byte " + at);
    }
    return (int) n;
  }

  private String string() throws Unsupported {
    int n = length();
    String s = new String(b, at, n, StandardCharsets.UTF_8);
    at += n;
    return s;
  }

  private ObjectNode object(int depth) throws Unsupported {
    requireDepth(depth);
    ObjectNode o = NODES.objectNode();
    byte type = 0;
    int count = -1;
    if (b[at] == '$') {
      at++;
      type = b[at++];
    }
    if (b[at] == '#') {
      at++;
      count = length();
    }
    for (int i = 0; count < 0 ? peek() != '}' : i < count; i++) {
      String key = string();
      o.set(key, value(type == 0 ? marker() : type, depth));
    }
    if (count < 0) {
      at++; // '}'
    }
    return o;
  }

  private JsonNode array(int depth) throws Unsupported {
    requireDepth(depth);
    byte type = 0;
    int count = -1;
    if (b[at] == '$') {
      at++;
      type = b[at++];
    }
    if (b[at] == '#') {
      at++;
      count = length();
    } else if (type != 0) {
      throw new Unsupported("the UBJSON model has a typed array without a count at byte " + at);
    }
    if (count >= 0) {
      switch (type) {
        case 'i', 'U', 'I', 'l':
          int[] ints = new int[count];
          for (int i = 0; i < count; i++) {
            ints[i] = integer(type);
          }
          return NODES.pojoNode(ints);
        case 'd':
          float[] floats = new float[count];
          for (int i = 0; i < count; i++) {
            floats[i] = Float.intBitsToFloat(int32());
          }
          return NODES.pojoNode(floats);
        default:
          break;
      }
    }
    ArrayNode a = NODES.arrayNode(Math.max(count, 0));
    for (int i = 0; count < 0 ? peek() != ']' : i < count; i++) {
      a.add(value(type == 0 ? marker() : type, depth));
    }
    if (count < 0) {
      at++; // ']'
    }
    return a;
  }

  /** The next marker that is not a no-op, without consuming it. */
  private byte peek() {
    while (b[at] == 'N') {
      at++;
    }
    return b[at];
  }

  private static void requireDepth(int depth) throws Unsupported {
    if (depth > MAX_DEPTH) {
      throw new Unsupported("the UBJSON model nests deeper than " + MAX_DEPTH);
    }
  }
}
