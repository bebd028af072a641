package dev.kiln.data.validate;

import java.util.List;

/**
 * The result of validating a file against a schema: every rule checked with its count of
 * violations, and the violations listed (at most {@code maxPerRule} per rule, 0 = all).
 */
public record ValidationReport(
    String file,
    String format,
    long rows,
    boolean valid,
    int maxPerRule,
    List<Violation> violations,
    List<RuleSummary> summary) {
  public ValidationReport {
    violations = List.copyOf(violations);
    summary = List.copyOf(summary);
  }

  /** Violations counted over all rules (listed or not). */
  public long violationCount() {
    return summary.stream().mapToLong(RuleSummary::violations).sum();
  }
}
