package dev.kiln.cli.tracking;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain-text table: columns as wide as their widest cell, two spaces apart. */
final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  Table(List<String> header) {
    this.header = List.copyOf(header);
  }

  Table row(List<String> cells) {
    rows.add(List.copyOf(cells));
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header and the rows. */
  void print(PrintWriter out, String indent) {
    print(out, indent, true);
  }

  /** Prints the rows only (the header gives the column count). */
  void printRows(PrintWriter out, String indent) {
    print(out, indent, false);
  }

  private void print(PrintWriter out, String indent, boolean withHeader) {
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    if (withHeader) {
      all.add(header);
    }
    all.addAll(rows);
    for (List<String> r : all) {
      for (int i = 0; i < r.size() && i < width.length; i++) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    for (List<String> r : all) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < width.length; i++) {
        String cell = i < r.size() ? r.get(i) : "";
        line.append(cell);
        if (i < width.length - 1) {
          line.append(" ".repeat(width[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
