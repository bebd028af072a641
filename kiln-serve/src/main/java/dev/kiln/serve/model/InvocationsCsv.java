package dev.kiln.serve.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a {@code text/csv} body for {@code /invocations}, as MLflow reads it with pandas: a header
 * row of column names, then one row per line; RFC 4180 quoting ({@code "a ""quoted"" value"}), CR
 * LF or LF line ends, an empty field is a missing value.
 */
final class InvocationsCsv {
  private InvocationsCsv() {}

  static Batch parse(ServedModel model, byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Cursor in = new Cursor(text);
    List<String> header = in.record();
    if (header == null || header.size() == 1 && header.get(0).isEmpty()) {
      throw JsonScalars.invalid("The CSV body has no header row; the first line names the columns");
    }
    RowBinder rows = new RowBinder(model);
    List<String> names = new ArrayList<>(header.size());
    for (String h : header) {
      names.add(h.strip());
    }
    InputField[] fields = rows.fields(names);
    rows.requireColumns(fields);
    for (List<String> record = in.record(); record != null; record = in.record()) {
      if (record.size() == 1 && record.get(0).isEmpty()) {
        continue; // a blank line
      }
      int r = rows.size();
      if (record.size() != fields.length) {
        throw JsonScalars.invalid(
            "CSV row "
                + r
                + " (line "
                + in.line
                + ") has "
                + record.size()
                + " fields but the header names "
                + fields.length);
      }
      Object[] row = rows.newRow();
      for (int c = 0; c < fields.length; c++) {
        row[fields[c].position()] = Values.fromText(fields[c], record.get(c), r);
      }
      rows.add(row, null);
    }
    return rows.batch("The CSV body");
  }

  /** Reads one record at a time. */
  private static final class Cursor {
    private final String text;
    private int at;
    int line;

    Cursor(String text) {
      this.text = text;
    }

    List<String> record() {
      if (at >= text.length()) {
        return null;
      }
      line++;
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      while (at < text.length()) {
        char ch = text.charAt(at++);
        if (quoted) {
          if (ch == '"') {
            if (at < text.length() && text.charAt(at) == '"') {
              field.append('"');
              at++;
            } else {
              quoted = false;
            }
          } else {
            if (ch == '\n') {
              line++;
            }
            field.append(ch);
          }
        } else if (ch == '"' && field.length() == 0) {
          quoted = true;
        } else if (ch == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (ch == '\n') {
          break;
        } else if (ch == '\r' && at < text.length() && text.charAt(at) == '\n') {
          at++;
          break;
        } else {
          field.append(ch);
        }
      }
      if (quoted) {
        throw JsonScalars.malformed("The CSV body ends inside a quoted field (line " + line + ")");
      }
      fields.add(field.toString());
      return fields;
    }
  }
}
