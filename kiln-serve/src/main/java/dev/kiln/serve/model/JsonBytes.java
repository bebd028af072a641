package dev.kiln.serve.model;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON written as bytes straight into a buffer: a prediction-log file's buffered output, or an
 * answer's body ({@link #answer}). Field names and other fixed text are encoded once (per model),
 * the numbers' text copied from the request. A JSON generator spent most of the log writer's time
 * on encoding characters to bytes it had been given as bytes, and about as long as the rest of an
 * OIP answer on its fixed text.
 *
 * <p>What it writes is what Jackson writes for the same values (strings escaped by Jackson's own
 * encoder, doubles by its Schubfach writer), so the log and the answers read the same.
 */
final class JsonBytes implements AutoCloseable {
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  private final OutputStream out; // null: an answer, kept in the buffer
  private byte[] buf;
  private int len;

  JsonBytes(OutputStream out) {
    this.out = out;
    this.buf = new byte[1 << 16];
  }

  private JsonBytes(int capacity) {
    this.out = null;
    this.buf = new byte[Math.max(capacity, 64)];
  }

  /** An answer's body, in memory: write it, then take {@link #bytes}. */
  static JsonBytes answer(int capacity) {
    return new JsonBytes(capacity);
  }

  /** What an {@link #answer} holds. */
  byte[] bytes() {
    return len == buf.length ? buf : Arrays.copyOf(buf, len);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The pieces of a fixed text (field names, quoted values) as one array, made once. */
  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** {@code s} as a quoted JSON string, UTF-8. */
  static byte[] quoted(String s) {
    byte[] body = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] q = new byte[body.length + 2];
    q[0] = '"';
    System.arraycopy(body, 0, q, 1, body.length);
    q[q.length - 1] = '"';
    return q;
  }

  /** Room for {@code n} more bytes, writing out what is buffered when needed. */
  private void room(int n) throws IOException {
    if (len + n > buf.length && out == null) {
      buf = Arrays.copyOf(buf, Math.max(len + n, 2 * buf.length));
    } else if (len + n > buf.length) {
      out.write(buf, 0, len);
      len = 0;
      if (n > buf.length) {
        buf = new byte[Math.max(n, 2 * buf.length)];
      }
    }
  }

  JsonBytes raw(byte[] b) throws IOException {
    room(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  JsonBytes raw(char c) throws IOException {
    room(1);
    buf[len++] = (byte) c;
    return this;
  }

  /**
   * Whether JSON writes {@code c} in a string as the one ASCII byte it is: printable ASCII but the
   * quote and the backslash (anything else is escaped or takes more bytes).
   */
  static boolean plain(char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  }

  /** A quoted JSON string; plain ASCII is copied as it is, anything else goes through Jackson. */
  JsonBytes string(String s) throws IOException {
    int n = s.length();
    room(n + 2);
    int at = len;
    buf[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!plain(c)) {
        return raw(quoted(s));
      }
      buf[at++] = (byte) c;
    }
    buf[at++] = '"';
    len = at;
    return this;
  }

  JsonBytes number(long v) throws IOException {
    room(20);
    if (v == Long.MIN_VALUE) {
      return raw(ascii(Long.toString(v)));
    }
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    len = digits(v, buf, len);
    return this;
  }

  /** A finite double as Jackson writes it (shortest text that reads back the same); else null. */
  JsonBytes number(double v) throws IOException {
    if (!Double.isFinite(v)) {
      return raw(NULL);
    }
    room(32);
    int n = shortDecimal(v, buf, len);
    if (n > 0) {
      len += n;
      return this;
    }
    String s = NumberOutput.toString(v, true);
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i); // a number's text is ASCII
    }
    return this;
  }

  /**
   * A non-negative count of millionths as a plain decimal ({@code 709692} → {@code 0.709692}): the
   * text of the double {@code millionths / 1e6}, written without formatting that double.
   */
  JsonBytes millionths(long millionths) throws IOException {
    room(24);
    number(millionths / 1_000_000);
    long frac = millionths % 1_000_000;
    buf[len++] = '.';
    if (frac == 0) {
      buf[len++] = '0';
      return this;
    }
    int places = 6;
    while (frac % 10 == 0) {
      frac /= 10;
      places--;
    }
    len = fraction(frac, places, buf, len);
    return this;
  }

  JsonBytes bool(boolean b) throws IOException {
    return raw(b ? TRUE : FALSE);
  }

  JsonBytes nul() throws IOException {
    return raw(NULL);
  }

  /**
   * Row {@code row}'s number text at {@code position}; false (nothing written) when none was kept.
   */
  boolean numberText(NumberText text, int row, int position) throws IOException {
    room(256);
    int n = text.copy(row, position, buf, len);
    len += n;
    return n > 0;
  }

  void flush() throws IOException {
    if (out == null) {
      return;
    }
    if (len > 0) {
      out.write(buf, 0, len);
      len = 0;
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (out == null) {
      return;
    }
    try {
      flush();
    } finally {
      out.close();
    }
  }

  private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

  /**
   * Writes {@code v} into {@code out} as Jackson's (Schubfach's) shortest decimal would read, when
   * it has at most eight decimals and {@code 1e-3 <= |v| < 1e7} (plain notation): the text a
   * request's inputs usually arrive in, and the case Schubfach's digit loop is slowest on. Answers
   * the length, or -1 for any other value (written by Jackson). With at most eight decimals below
   * 1e7 two decimals of the same length cannot both round to {@code v}, so the first scale at which
   * one does is the shortest.
   */
  static int shortDecimal(double v, byte[] out, int at) {
    double a = Math.abs(v);
    if (!(a >= 1e-3 && a < 1e7)) {
      return -1;
    }
    for (int k = 0; k < POW10.length; k++) {
      double m = Math.rint(a * POW10[k]);
      if (m / POW10[k] == a) {
        long units = (long) m;
        long scale = (long) POW10[k];
        int n = at;
        if (v < 0) {
          out[n++] = '-';
        }
        n = digits(units / scale, out, n);
        out[n++] = '.';
        if (k == 0) {
          out[n++] = '0';
        } else {
          n = fraction(units % scale, k, out, n);
        }
        return n - at;
      }
    }
    return -1;
  }

  /**
   * Writes {@code frac} (below 10^places) as exactly {@code places} digits, leading zeros included,
   * at {@code out[at]}; answers where they end.
   */
  private static int fraction(long frac, int places, byte[] out, int at) {
    for (int i = at + places - 1; i >= at; i--) {
      out[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    return at + places;
  }

  /** Writes the digits of {@code x >= 0} at {@code out[at]}; answers where they end. */
  private static int digits(long x, byte[] out, int at) {
    int len = 1;
    for (long t = x; t >= 10; t /= 10) {
      len++;
    }
    for (int i = at + len - 1; i >= at; i--) {
      out[i] = (byte) ('0' + x % 10);
      x /= 10;
    }
    return at + len;
  }
}
