package dev.kiln.data.split;

import dev.kiln.core.UserException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Parses the text form of a {@link Split}. */
final class SplitSpec {
  static final List<String> FORMS =
      List.of("random", "stratified:COL", "group:COL", "time:COL", "time:COL@CUT-OFF");

  private SplitSpec() {}

  static Split parse(String spec) {
    UserException.require(
        spec != null && !spec.isBlank(),
        "the split is empty; expected one of: %s",
        String.join(", ", FORMS));
    int colon = spec.indexOf(':');
    String strategy = colon < 0 ? spec : spec.substring(0, colon);
    String rest = colon < 0 ? null : spec.substring(colon + 1);
    return switch (strategy) {
      case "random" -> {
        UserException.require(
            rest == null, "'%s': a random split takes no column; write just 'random'", spec);
        yield new RandomSplit();
      }
      case "stratified" -> new StratifiedSplit(column(spec, strategy, rest));
      case "group" -> new GroupSplit(column(spec, strategy, rest));
      case "time" -> time(spec, rest);
      default ->
          throw new UserException(
              "unknown split '"
                  + strategy
                  + "'; known splits: "
                  + String.join(", ", FORMS)
                  + " (e.g. stratified:label, time:ts@2025-05-01)");
    };
  }

  private static String column(String spec, String strategy, String rest) {
    UserException.require(
        rest != null && !rest.isEmpty(),
        "'%s': a %s split needs a column; write %s:COL",
        spec,
        strategy,
        strategy);
    return rest;
  }

  private static Split time(String spec, String rest) {
    String body = column(spec, "time", rest);
    int at = body.lastIndexOf('@');
    if (at < 0) {
      return new TimeSplit(body, Optional.empty());
    }
    String column = body.substring(0, at);
    String cut = body.substring(at + 1);
    UserException.require(
        !column.isEmpty(),
        "'%s': a time split needs a column before '@'; write time:COL@CUT",
        spec);
    return new TimeSplit(column, Optional.of(instant(spec, cut)));
  }

  /**
   * A cut-off: an instant ({@code 2025-05-01T00:00:00Z}, {@code 2025-05-01T02:00:00+02:00}), a
   * date-time without zone read as UTC ({@code 2025-05-01T00:00:00} or with a space), or a date
   * meaning its midnight UTC.
   */
  static Instant instant(String spec, String text) {
    String t = text.trim();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException ignored) {
      // not an instant with an offset; try the forms without one
    }
    try {
      return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException ignored) {
      // not a date-time; try a date
    }
    try {
      return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new UserException(
          "'"
              + spec
              + "': cannot read the cut-off '"
              + text
              + "'; expected a date (2025-05-01, midnight UTC) or a date-time"
              + " (2025-05-01T12:00:00Z, 2025-05-01T12:00:00+02:00; no zone means UTC)");
    }
  }
}
