package dev.kiln.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV records as RFC 4180 defines them (quoted fields with doubled quotes, embedded
 * delimiters and line breaks; CRLF or LF line ends; a leading UTF-8 byte order mark) and knows the
 * physical line each record starts on. DuckDB does the bulk reading; this reader finds header
 * names, exact error positions and the line of a row named in a report.
 */
public final class CsvRecords implements AutoCloseable {
  private final BufferedReader in;
  private final char delimiter;
  private long line = 1;
  private long recordLine;
  private boolean first = true;
  private boolean eof;

  public CsvRecords(Reader in, char delimiter) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
    this.delimiter = delimiter;
  }

  /** The physical line (1-based) the last record returned by {@link #next} started on. */
  public long recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end of the input. */
  public List<String> next() throws IOException {
    if (eof) {
      return null;
    }
    int ch = in.read();
    if (first) {
      first = false;
      if (ch == '\uFEFF') {
        ch = in.read();
      }
    }
    if (ch == -1) {
      eof = true;
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    while (true) {
      if (ch == -1) {
        eof = true;
        fields.add(field.toString());
        return fields;
      }
      char c = (char) ch;
      if (quoted) {
        if (c == '"') {
          in.mark(1);
          int nextCh = in.read();
          if (nextCh == '"') {
            field.append('"');
          } else {
            quoted = false;
            in.reset();
          }
        } else {
          if (c == '\n') {
            line++;
          }
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0 && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        wasQuoted = false;
      } else if (c == '\r' || c == '\n') {
        if (c == '\r') {
          in.mark(1);
          if (in.read() != '\n') {
            in.reset();
          }
        }
        line++;
        fields.add(field.toString());
        return fields;
      } else {
        field.append(c);
      }
      ch = in.read();
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
