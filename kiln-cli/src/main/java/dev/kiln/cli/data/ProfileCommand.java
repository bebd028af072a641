package dev.kiln.cli.data;

import dev.kiln.cli.Progress;
import dev.kiln.core.json.Json;
import dev.kiln.core.profile.ColumnProfile;
import dev.kiln.core.profile.Profile;
import dev.kiln.core.profile.ProfileHtml;
import dev.kiln.data.io.AtomicFile;
import dev.kiln.data.io.FrameWriter;
import dev.kiln.data.profile.Profiling;
import dev.kiln.data.source.DataSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kiln data profile}: what every column holds, as JSON and as an HTML page. */
@Command(
    name = "profile",
    mixinStandardHelpOptions = true,
    description = {
      "Profile a dataset: per column count, nulls, distinct, min/max/mean/std, quantiles and top"
          + " values, plus the dataset digest.",
      "Writes <name>.profile.json (the reference profile later used for drift) and"
          + " <name>.profile.html (a histogram per column)."
    })
public final class ProfileCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Mixin InputOptions input;

  @Option(
      names = "--out-dir",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "Folder for the JSON and HTML files (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--no-html", description = "Write only the JSON profile.")
  boolean noHtml;

  @Override
  public Integer call() throws Exception {
    Path json = outDir.resolve(input.stem() + ".profile.json");
    Path html = outDir.resolve(input.stem() + ".profile.html");
    FrameWriter.checkWritable(json);
    DataSource source = input.source();
    Profile profile;
    try (Progress bar = new Progress("profiling", "rows", source.estimatedRows())) {
      profile = Profiling.profile(source, Clock.systemUTC(), bar::advance);
    }
    AtomicFile.writeString(json, Json.mapper().writeValueAsString(profile) + "\n");
    if (!noHtml) {
      AtomicFile.writeString(html, ProfileHtml.render(profile));
    }
    PrintWriter out = spec.commandLine().getOut();
    print(profile, out);
    out.println();
    out.println("wrote " + json + (noHtml ? "" : " and " + html));
    out.flush();
    return 0;
  }

  static void print(Profile p, PrintWriter out) {
    out.printf("%s: %,d rows, %d columns%n", p.source(), p.rows(), p.columns().size());
    out.printf("digest %s%n%n", p.digest());
    out.printf("%-24s %-12s %8s %10s  %s%n", "column", "type", "nulls", "distinct", "summary");
    for (ColumnProfile c : p.columns()) {
      out.printf(
          "%-24s %-12s %7.1f%% %,10d  %s%n",
          c.name(), c.type(), c.nullRate() * 100, c.distinct(), summary(c));
    }
  }

  static String summary(ColumnProfile c) {
    if (c.numbers() != null && c.numbers().min() != null) {
      var n = c.numbers();
      return String.format(
          "min %s  median %s  max %s  mean %s",
          num(n.min()), num(n.quantiles().get("p50")), num(n.max()), num(n.mean()));
    }
    if (c.timestamps() != null) {
      return c.timestamps().min() + " .. " + c.timestamps().max();
    }
    if (c.top() != null && !c.top().isEmpty()) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < Math.min(3, c.top().size()); i++) {
        var v = c.top().get(i);
        s.append(i > 0 ? ", " : "")
            .append(shorten(v.value()))
            .append(" (")
            .append(v.count())
            .append(')');
      }
      return s.toString();
    }
    return "";
  }

  private static String shorten(String s) {
    s = s.replace("\r", "\\r").replace("\n", "\\n");
    return s.isEmpty() ? "\"\"" : s.length() > 20 ? s.substring(0, 20) + "…" : s;
  }

  private static String num(Double v) {
    if (v == null) {
      return "-";
    }
    return Math.abs(v) >= 1e6 || (v != 0 && Math.abs(v) < 1e-3)
        ? String.format("%.3g", v)
        : String.format("%.4g", v);
  }
}
