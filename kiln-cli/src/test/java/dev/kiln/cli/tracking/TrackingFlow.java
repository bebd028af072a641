package dev.kiln.cli.tracking;

import dev.kiln.cli.CliRun;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.synth.Payments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs CLI commands against one store, and trains small models into it. */
final class TrackingFlow {
  private static final Pattern RUN_ID = Pattern.compile("recorded run ([0-9a-f]{32})");

  final Path dir;
  final String store;
  final Path data;

  TrackingFlow(Path dir, String store) {
    this.dir = dir;
    this.store = store;
    this.data = dir.resolve("payments.csv");
    if (!Files.exists(data)) {
      FrameWriter.write(Payments.generate(3000, 7), data);
    }
  }

  /** {@code kiln ARGS --store URL --artifacts DIR}. */
  CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--store");
    all.add(store);
    all.add("--artifacts");
    all.add(dir.resolve("artifacts").toString());
    return CliRun.of(all.toArray(String[]::new));
  }

  /** Trains a fraud model with the learner, recorded under the run name; returns the run id. */
  String train(String learner, String runName, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "train",
                "--data",
                data.toString(),
                "--target",
                "is_fraud",
                "--exclude",
                "payment_id,customer_id",
                "--learner",
                learner,
                "--resamples",
                "200",
                "--experiment",
                "fraud",
                "--run-name",
                runName,
                "--out",
                dir.resolve(runName + ".kiln").toString()));
    args.addAll(List.of(more));
    CliRun r = run(args.toArray(String[]::new));
    if (r.exit() != 0) {
      throw new AssertionError("kiln train failed: " + r.err());
    }
    Matcher m = RUN_ID.matcher(r.out());
    if (!m.find()) {
      throw new AssertionError("kiln train printed no run id: " + r.out());
    }
    return m.group(1);
  }
}
