package dev.kiln.data.validate;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A report for people: one compiler-style line per listed violation ({@code file:line: column 'x':
 * rule: message}), a note for each rule with more violations than listed, then a table of every
 * rule checked with its count.
 */
public final class TextReport {
  private TextReport() {}

  public static void write(ValidationReport r, PrintWriter out) {
    for (Violation v : r.violations()) {
      out.println(line(r.file(), v));
    }
    for (RuleSummary s : r.summary()) {
      if (s.violations() > s.listed()) {
        out.printf(
            Locale.ROOT,
            "%s: %,d more %s violations of %s not listed (--max-per-rule 0 lists all)%n",
            r.file(),
            s.violations() - s.listed(),
            s.rule(),
            s.target());
      }
    }
    if (!r.violations().isEmpty() || r.violationCount() > 0) {
      out.println();
    }
    int width = Math.max(14, r.summary().stream().mapToInt(s -> name(s).length()).max().orElse(0));
    out.printf(Locale.ROOT, "%-14s %-" + width + "s %10s%n", "rule", "column", "violations");
    for (RuleSummary s : r.summary()) {
      out.printf(Locale.ROOT, "%-14s %-" + width + "s %,10d%n", s.rule(), name(s), s.violations());
    }
    out.println();
    long broken = r.summary().stream().filter(s -> s.violations() > 0).count();
    if (r.valid()) {
      out.printf(
          Locale.ROOT,
          "%s: valid (%,d rows, %d rules checked)%n",
          r.file(),
          r.rows(),
          r.summary().size());
    } else {
      out.printf(
          Locale.ROOT,
          "%s: invalid: %,d violations of %d of %d rules (%,d rows)%n",
          r.file(),
          r.violationCount(),
          broken,
          r.summary().size(),
          r.rows());
    }
    out.flush();
  }

  /** {@code file:12: column 'x': rule: message}, or {@code file: row 11: ...} without lines. */
  static String line(String file, Violation v) {
    String where =
        v.line() != null
            ? file + ":" + v.line() + ":"
            : v.row() != null ? file + ": row " + v.row() + ":" : file + ":";
    String what =
        v.check() != null
            ? " check '" + v.check() + "':"
            : v.column() != null ? " column '" + v.column() + "':" : "";
    return where + what + " " + v.rule() + ": " + v.message();
  }

  private static String name(RuleSummary s) {
    return s.check() != null ? "check '" + s.check() + "'" : s.column() == null ? "-" : s.column();
  }
}
