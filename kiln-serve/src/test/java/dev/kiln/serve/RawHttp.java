package dev.kiln.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A raw-socket HTTP/1.1 client for requests java.net.http will not send (malformed, pipelined). */
final class RawHttp {
  record Reply(int status, Map<String, String> headers, String body) {}

  private RawHttp() {}

  /** Sends {@code bytes} in one write and reads {@code expected} responses (fewer if it closes). */
  static List<Reply> exchange(int port, byte[] bytes, int expected) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      List<Reply> replies = new ArrayList<>();
      while (replies.size() < expected) {
        Reply reply = read(in);
        if (reply == null) {
          break;
        }
        replies.add(reply);
      }
      return replies;
    }
  }

  /**
   * Sends {@code head}, then one byte of {@code trickle} every {@code everyMillis} until the server
   * answers or closes (or the trickle runs out); the answer, or null.
   */
  static Reply trickle(int port, String head, String trickle, long everyMillis)
      throws IOException, InterruptedException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      var out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < trickle.length() && in.available() == 0; i++) {
        Thread.sleep(everyMillis);
        try {
          out.write(trickle.charAt(i));
          out.flush();
        } catch (IOException closed) {
          break; // the server closed after answering: read its answer
        }
      }
      return read(in);
    }
  }

  static List<Reply> exchange(int port, String text, int expected) throws IOException {
    return exchange(port, text.getBytes(StandardCharsets.ISO_8859_1), expected);
  }

  /** Reads one response from {@code in}; null when the connection closed first. */
  static Reply read(InputStream in) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      return null;
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
      if (status < 200) {
        continue; // an interim response (100 Continue): its headers, then the real one
      }
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    if (status < 200) {
      return read(in);
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      bytes.write(b);
    }
    return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
  }
}
