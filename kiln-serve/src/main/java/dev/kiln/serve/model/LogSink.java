package dev.kiln.serve.model;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One prediction-log file's buffered output, written as JSON bytes straight into the buffer: field
 * names encoded once per model, the numbers' text copied from the request. A JSON generator spent
 * most of the log writer's time on encoding characters to bytes it had been given as bytes.
 *
 * <p>What it writes is what Jackson writes for the same values (strings escaped by Jackson's own
 * encoder, doubles by its Schubfach writer), so the log reads the same.
 */
final class LogSink implements AutoCloseable {
  private static final byte[] NULL = ascii("null");
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");

  private final OutputStream out;
  private byte[] buf = new byte[1 << 16];
  private int len;

  LogSink(OutputStream out) {
    this.out = out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
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
    if (len + n > buf.length) {
      out.write(buf, 0, len);
      len = 0;
      if (n > buf.length) {
        buf = new byte[Math.max(n, 2 * buf.length)];
      }
    }
  }

  LogSink raw(byte[] b) throws IOException {
    room(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
    return this;
  }

  LogSink raw(char c) throws IOException {
    room(1);
    buf[len++] = (byte) c;
    return this;
  }

  /** A quoted JSON string; plain ASCII is copied as it is, anything else goes through Jackson. */
  LogSink string(String s) throws IOException {
    int n = s.length();
    room(n + 2);
    int at = len;
    buf[at++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return raw(quoted(s));
      }
      buf[at++] = (byte) c;
    }
    buf[at++] = '"';
    len = at;
    return this;
  }

  LogSink number(long v) throws IOException {
    room(20);
    if (v == Long.MIN_VALUE) {
      return raw(ascii(Long.toString(v)));
    }
    if (v < 0) {
      buf[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += digits;
    return this;
  }

  /** A finite double as Jackson writes it (shortest text that reads back the same); else null. */
  LogSink number(double v) throws IOException {
    if (!Double.isFinite(v)) {
      return raw(NULL);
    }
    room(32);
    int n = PredictionLog.shortDecimal(v, buf, len);
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
  LogSink millionths(long millionths) throws IOException {
    room(24);
    number(millionths / 1_000_000);
    long frac = millionths % 1_000_000;
    buf[len++] = '.';
    if (frac == 0) {
      buf[len++] = '0';
      return this;
    }
    int digits = 6;
    while (frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    for (int i = len + digits - 1; i >= len; i--) {
      buf[i] = (byte) ('0' + frac % 10);
      frac /= 10;
    }
    len += digits;
    return this;
  }

  LogSink bool(boolean b) throws IOException {
    return raw(b ? TRUE : FALSE);
  }

  LogSink nul() throws IOException {
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
    if (len > 0) {
      out.write(buf, 0, len);
      len = 0;
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      out.close();
    }
  }
}
