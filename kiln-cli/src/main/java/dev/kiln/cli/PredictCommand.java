package dev.kiln.cli;

import dev.kiln.core.predict.Predictor;
import dev.kiln.data.source.FileSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln predict}: scores a data file with a model bundle (docs/predict.md). */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Score a CSV, TSV, Parquet or JSON lines file with a model bundle, streaming.",
      "Writes the --keep columns, then 'prediction', then for a classifier one"
          + " 'probability_<class>' column per class, rows in input order."
    })
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "BUNDLE",
      description = "The model bundle: a folder or a .kiln file.")
  Path model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "FILE",
      description = "The rows to score (.csv, .tsv, .parquet, .jsonl).")
  Path data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE",
      description =
          "The scored rows; the format follows the extension. Written only when complete.")
  Path out;

  @Option(
      names = "--keep",
      arity = "1..*",
      paramLabel = "COL",
      description = "Input columns to copy to the output, before the predictions (default: none).")
  List<String> keep = List.of();

  @Option(
      names = "--batch-rows",
      paramLabel = "N",
      defaultValue = "8192",
      description =
          "Rows read and scored at a time; memory grows with it (default: ${DEFAULT-VALUE}).")
  int batchRows;

  @Override
  public Integer call() {
    long rows;
    try (Predictor predictor = Predictor.load(model)) {
      BatchScoring scoring = new BatchScoring(predictor, batchRows);
      try (Progress bar = new Progress("scoring", "rows", new FileSource(data).estimatedRows())) {
        rows = scoring.score(data, out, keep, bar::advance);
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf("scored %,d rows with %s: wrote %s%n", rows, model, out);
    w.flush();
    return 0;
  }
}
