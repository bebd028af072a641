package dev.kiln.cli.data;

import dev.kiln.core.schema.Schema;
import dev.kiln.data.schema.SchemaFile;
import dev.kiln.data.source.DataSource;
import dev.kiln.data.source.Sources;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The input every data command takes: a file or a JDBC URL, an optional query and schema. */
public final class InputOptions {
  @Parameters(
      index = "0",
      paramLabel = "INPUT",
      description =
          "A .csv, .tsv, .parquet or .jsonl file, or a JDBC URL (jdbc:sqlite:…, jdbc:postgresql://…).")
  public String input;

  @Option(
      names = "--query",
      paramLabel = "SQL",
      description = "The query to run when INPUT is a JDBC URL.")
  public String query;

  @Option(
      names = "--schema",
      paramLabel = "FILE",
      description = "A schema file (YAML) whose types override inference.")
  public Path schema;

  public Optional<Schema> schema() {
    return Optional.ofNullable(schema).map(SchemaFile::read);
  }

  public DataSource source() {
    return Sources.open(input, Optional.ofNullable(query), schema());
  }

  /** A short name for output files: the file name without its extension, or "query". */
  public String stem() {
    if (input.startsWith("jdbc:")) {
      return "query";
    }
    String name = Path.of(input).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
