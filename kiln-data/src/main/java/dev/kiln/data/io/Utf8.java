package dev.kiln.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds where a file stops being valid UTF-8. */
public final class Utf8 {
  private Utf8() {}

  /** Line (1-based) and byte column (1-based) of the first malformed UTF-8 sequence. */
  public record Position(long line, long column) {}

  public static Optional<Position> firstMalformed(Path file) throws IOException {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    long line = 1;
    long lineStart = 0;
    long offset = 0;
    ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    CharBuffer chars = CharBuffer.allocate(1 << 16);
    try (InputStream in = Files.newInputStream(file)) {
      boolean end = false;
      while (!end) {
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          end = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
        while (true) {
          int before = bytes.position();
          CoderResult r = decoder.decode(bytes, chars, end);
          for (int i = before; i < bytes.position(); i++) {
            if (bytes.get(i) == '\n') {
              line++;
              lineStart = offset + (i - before) + 1;
            }
          }
          offset += bytes.position() - before;
          chars.clear();
          if (r.isError()) {
            return Optional.of(new Position(line, offset - lineStart + 1));
          }
          if (r.isUnderflow()) {
            break;
          }
        }
        bytes.compact();
      }
    }
    return Optional.empty();
  }
}
