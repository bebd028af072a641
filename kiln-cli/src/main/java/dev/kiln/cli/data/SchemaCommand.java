package dev.kiln.cli.data;

import dev.kiln.core.frame.Frame;
import dev.kiln.data.io.AtomicFile;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.schema.SchemaWriter;
import dev.kiln.data.validate.SchemaSuggestion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln data schema}: infers a schema file, with suggested rules, from a dataset. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Infer a schema file (YAML) from a dataset: each column's type, plus rules the data already"
          + " satisfies (required, min 0, allowed categories, unique keys). Edit it, then use it"
          + " with 'kiln data validate --schema'.",
      "The dataset always validates against the schema inferred from it."
    })
public final class SchemaCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the schema here (atomically) instead of to standard output.")
  Path out;

  @Override
  public Integer call() {
    if (out != null) {
      FrameWriter.checkWritable(out);
    }
    Frame frame = input.source().read();
    SchemaSuggestion.Suggested suggested = SchemaSuggestion.suggest(frame);
    String yaml = SchemaWriter.toYaml(suggested.schema(), suggested.notes());
    PrintWriter stdout = spec.commandLine().getOut();
    if (out == null) {
      stdout.print(yaml);
    } else {
      AtomicFile.writeString(out, yaml);
      stdout.println(
          "wrote "
              + out
              + " ("
              + frame.columnCount()
              + " columns from "
              + frame.rowCount()
              + " rows)");
    }
    stdout.flush();
    return 0;
  }
}
