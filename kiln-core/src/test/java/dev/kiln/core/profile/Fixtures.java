package dev.kiln.core.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.ColumnType;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The reference datasets written by {@code src/test/python/profile_reference.py}: a CSV without
 * quoting (an empty field is a null) and a JSON file of statistics computed by numpy and pandas.
 */
final class Fixtures {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private Fixtures() {}

  static JsonNode reference(String name) {
    try (InputStream in = resource(name + ".json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's rows as a frame, each column typed as the reference says. */
  static Frame frame(String name) {
    JsonNode reference = reference(name);
    List<String[]> rows = new ArrayList<>();
    String[] header;
    try (InputStream in = resource(name + ".csv")) {
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      header = lines[0].split(",", -1);
      for (int i = 1; i < lines.length; i++) {
        rows.add(lines[i].split(",", -1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Column> columns = new ArrayList<>();
    for (JsonNode c : reference.get("columns")) {
      int index = Arrays.asList(header).indexOf(c.get("name").asText());
      ColumnType type = ColumnType.parse(c.get("type").asText());
      columns.add(column(c.get("name").asText(), type, rows.stream().map(r -> r[index]).toList()));
    }
    return new Frame(columns);
  }

  static Column column(String name, ColumnType type, List<String> cells) {
    switch (type) {
      case FLOAT -> {
        DoubleColumn.Builder b = new DoubleColumn.Builder(name, cells.size());
        cells.forEach(v -> add(b, v));
        return b.build();
      }
      case INTEGER, TIMESTAMP -> {
        LongColumn.Builder b = new LongColumn.Builder(name, type, cells.size());
        for (String v : cells) {
          if (v.isEmpty()) {
            b.addNull();
          } else {
            b.add(type == ColumnType.INTEGER ? Long.parseLong(v) : micros(v));
          }
        }
        return b.build();
      }
      case BOOLEAN -> {
        BooleanColumn.Builder b = new BooleanColumn.Builder(name);
        for (String v : cells) {
          if (v.isEmpty()) {
            b.addNull();
          } else {
            b.add(Boolean.parseBoolean(v));
          }
        }
        return b.build();
      }
      default -> {
        StringColumn.Builder b = new StringColumn.Builder(name, type, cells.size());
        for (String v : cells) {
          if (v.isEmpty()) {
            b.addNull();
          } else {
            b.add(v);
          }
        }
        return b.build();
      }
    }
  }

  private static void add(DoubleColumn.Builder b, String v) {
    switch (v) {
      case "" -> b.addNull();
      case "NaN" -> b.add(Double.NaN);
      case "inf" -> b.add(Double.POSITIVE_INFINITY);
      case "-inf" -> b.add(Double.NEGATIVE_INFINITY);
      default -> b.add(Double.parseDouble(v));
    }
  }

  static long micros(String timestamp) {
    return ChronoUnit.MICROS.between(
        java.time.Instant.EPOCH,
        LocalDateTime.parse(timestamp, TIMESTAMP).toInstant(ZoneOffset.UTC));
  }

  private static InputStream resource(String file) {
    InputStream in = Fixtures.class.getResourceAsStream("/profile/" + file);
    if (in == null) {
      throw new IllegalStateException(
          "missing test fixture /profile/" + file + "; run src/test/python/profile_reference.py");
    }
    return in;
  }
}
