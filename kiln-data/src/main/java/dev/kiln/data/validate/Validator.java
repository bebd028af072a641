package dev.kiln.data.validate;

import dev.kiln.core.SystemException;
import dev.kiln.core.UserException;
import dev.kiln.core.schema.Field;
import dev.kiln.core.schema.Rule;
import dev.kiln.core.schema.Schema;
import dev.kiln.data.source.DuckDb;
import dev.kiln.data.source.FileSource;
import dev.kiln.data.source.LineIndex;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Checks a data file against a schema's rules and reports every violation. The work runs in DuckDB
 * SQL over the file loaded into a table, so a file larger than memory spills to disk rather than
 * failing; only the listed violations are held in memory.
 *
 * <p>Order of work: the same checks a read makes (missing, empty, header-only, ragged, invalid
 * UTF-8 files are user errors), then the file's columns against the schema's, then all row rules
 * counted in one scan, then the listed violations of each broken rule, then the lines of the rows
 * listed (reading a CSV once more, only if something is listed).
 */
public final class Validator {
  private Validator() {}

  /** A step of the plan: a row rule (counted in the shared scan) or any other rule. */
  private record Step(RowCheck row, Other other) {}

  @FunctionalInterface
  private interface Other {
    Outcome run() throws SQLException;
  }

  private record Outcome(RuleSummary summary, List<Pending> listed) {}

  public static ValidationReport validate(
      FileSource source, Schema schema, Clock clock, ValidationLimits limits) {
    // Not streamed: every result here is a count or a capped listing, and errors keep their text.
    try (Connection c = DuckDb.open(false)) {
      LoadedFile.exec(c, "SET TimeZone = 'UTC'");
      LoadedFile file = LoadedFile.load(c, source);
      // A check's SQL comes from the schema file: from here on it may read the table, not files.
      LoadedFile.exec(c, "SET enable_external_access = false");
      CheckedView view = CheckedView.create(c, file, schema);
      List<Step> plan = plan(c, file, view, schema, clock, limits);
      long[] counts = countRowRules(c, plan);
      List<RuleSummary> summary = new ArrayList<>();
      List<Pending> pending = new ArrayList<>();
      for (int i = 0; i < plan.size(); i++) {
        Step s = plan.get(i);
        Outcome o = s.row() != null ? listRows(c, s.row(), counts[i], limits) : s.other().run();
        summary.add(o.summary());
        pending.addAll(o.listed());
      }
      return report(source, file, summary, pending, limits);
    } catch (SQLException e) {
      throw new SystemException("validating " + source.path() + " failed: " + e.getMessage(), e);
    }
  }

  private static List<Step> plan(
      Connection c,
      LoadedFile file,
      CheckedView view,
      Schema schema,
      Clock clock,
      ValidationLimits limits) {
    RowChecks rows = new RowChecks(c, view, viewColumns(file, schema));
    TableChecks table = new TableChecks(c, file.rows());
    List<Step> plan = new ArrayList<>();
    List<Pending> columns = TableChecks.columns(schema, file.columns());
    plan.add(
        other(
            () ->
                capped(
                    new RuleSummary("columns", null, null, columns.size(), 0), columns, limits)));
    for (Field f : schema.fields()) {
      if (view.has(f.name()) && !f.type().isString()) {
        plan.add(new Step(rows.type(f), null));
      }
    }
    for (Rule r : schema.rules()) {
      if (!r.column().isEmpty() && !view.has(r.column())) {
        continue; // reported once, as a missing column
      }
      Field f = r.column().isEmpty() ? null : field(schema, r);
      String raw = f == null ? null : view.raw(f.name());
      if (r instanceof Rule.Required) {
        plan.add(new Step(rows.required(f), null));
      } else if (r instanceof Rule.Range range) {
        plan.add(new Step(rows.range(range), null));
      } else if (r instanceof Rule.Allowed allowed) {
        plan.add(new Step(rows.allowed(allowed, f.type()), null));
      } else if (r instanceof Rule.Pattern pattern) {
        plan.add(new Step(rows.regex(pattern), null));
      } else if (r instanceof Rule.Check check) {
        plan.add(new Step(rows.check(check), null));
      } else if (r instanceof Rule.Unique) {
        plan.add(
            other(
                () -> {
                  UniqueCheck.Result u = UniqueCheck.run(c, f.name(), raw, limits);
                  return new Outcome(
                      new RuleSummary("unique", f.name(), null, u.count(), u.listed().size()),
                      u.listed());
                }));
      } else if (r instanceof Rule.MaxNullRate m) {
        plan.add(other(() -> single("max_null_rate", m.column(), table.maxNullRate(m, raw))));
      } else if (r instanceof Rule.Freshness fr) {
        plan.add(other(() -> single("freshness", fr.column(), table.freshness(fr, clock))));
      } else if (r instanceof Rule.RowCount rc) {
        plan.add(other(() -> single("row_count", null, table.rowCount(rc))));
      }
    }
    return plan;
  }

  private static Field field(Schema schema, Rule r) {
    return schema
        .field(r.column())
        .orElseThrow(
            () ->
                new UserException(
                    "the schema's "
                        + r.kind()
                        + " rule names column '"
                        + r.column()
                        + "', which the schema does not list"));
  }

  private static Step other(Other o) {
    return new Step(null, o);
  }

  private static Outcome single(String rule, String column, List<Pending> found) {
    return new Outcome(new RuleSummary(rule, column, null, found.size(), found.size()), found);
  }

  private static Outcome capped(RuleSummary s, List<Pending> all, ValidationLimits limits) {
    List<Pending> listed =
        limits.maxPerRule() == 0 ? all : all.subList(0, Math.min(all.size(), limits.maxPerRule()));
    return new Outcome(
        new RuleSummary(s.rule(), s.column(), s.check(), s.violations(), listed.size()), listed);
  }

  /** Counts the violations of every row rule in one scan of the table. */
  private static long[] countRowRules(Connection c, List<Step> plan) throws SQLException {
    long[] counts = new long[plan.size()];
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      if (plan.get(i).row() != null) {
        at.add(i);
      }
    }
    if (at.isEmpty()) {
      return counts;
    }
    String sql =
        at.stream()
            .map(i -> "count(*) FILTER (WHERE " + plan.get(i).row().predicate() + ")")
            .collect(Collectors.joining(", ", "SELECT ", " FROM " + CheckedView.NAME));
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      for (int k = 0; k < at.size(); k++) {
        counts[at.get(k)] = rs.getLong(k + 1);
      }
      return counts;
    } catch (SQLException e) {
      for (int i : at) {
        counts[i] = countOne(c, plan.get(i).row()); // names the rule that fails on the data
      }
      return counts;
    }
  }

  private static long countOne(Connection c, RowCheck check) {
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM " + CheckedView.NAME + " WHERE " + check.predicate())) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new UserException(
          check.summary(0, 0).target()
              + ": "
              + check.rule()
              + " cannot be evaluated on this data: "
              + RowChecks.firstLine(e.getMessage()));
    }
  }

  private static Outcome listRows(Connection c, RowCheck check, long count, ValidationLimits limits)
      throws SQLException {
    List<Pending> listed = new ArrayList<>();
    if (count > 0) {
      String sql =
          "SELECT "
              + CheckedView.ROW
              + ", "
              + check.value()
              + ", "
              + check.detail()
              + " FROM "
              + CheckedView.NAME
              + " WHERE "
              + check.predicate()
              + " ORDER BY 1"
              + limits.sqlLimit();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          String value = rs.getString(2);
          String message = check.message().apply(value, rs.getString(3));
          listed.add(
              new Pending(
                  check.rule(),
                  check.column(),
                  check.check(),
                  rs.getLong(1),
                  value,
                  List.of(),
                  lines -> message));
        }
      }
    }
    return new Outcome(check.summary(count, listed.size()), listed);
  }

  private static ValidationReport report(
      FileSource source,
      LoadedFile file,
      List<RuleSummary> summary,
      List<Pending> pending,
      ValidationLimits limits) {
    TreeSet<Long> rows = new TreeSet<>();
    for (Pending p : pending) {
      if (p.row() != null) {
        rows.add(p.row());
      }
      rows.addAll(p.otherRows());
    }
    LineIndex lines = LineIndex.of(source, rows);
    List<Violation> violations = new ArrayList<>();
    for (Pending p : pending) {
      violations.add(p.place(lines));
    }
    // Stable: within a row, violations keep the order of the rules.
    violations.sort(Comparator.comparingLong(v -> v.row() == null ? -1 : v.row()));
    boolean valid = summary.stream().allMatch(s -> s.violations() == 0);
    return new ValidationReport(
        source.path().toString(),
        source.format().name().toLowerCase(Locale.ROOT),
        file.rows(),
        valid,
        limits.maxPerRule(),
        violations,
        summary);
  }

  /** The view's value columns: the file's, then the schema's that the file lacks. */
  private static List<String> viewColumns(LoadedFile file, Schema schema) {
    List<String> names = new ArrayList<>(file.columns());
    for (String n : schema.names()) {
      if (!names.contains(n)) {
        names.add(n);
      }
    }
    return names;
  }
}
