package dev.kiln.cli.tracking;

import dev.kiln.store.AuditEntry;
import dev.kiln.store.DatasetInput;
import dev.kiln.store.Lineage;
import dev.kiln.store.ModelRef;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.Page;
import dev.kiln.store.RegisteredModel;
import dev.kiln.store.RegistryStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code kiln models list|show|audit}: the registry printed. */
final class ModelReport {
  private ModelReport() {}

  static void list(RegistryStore r, PrintWriter out) {
    Table t = new Table(List.of("NAME", "LATEST", "ALIASES", "UPDATED", "DESCRIPTION"));
    String token = null;
    do {
      Page<RegisteredModel> page = r.searchRegisteredModels(null, 1000, token);
      for (RegisteredModel m : page.items()) {
        t.row(
            List.of(
                m.name(),
                m.latestVersion() == 0 ? "-" : Integer.toString(m.latestVersion()),
                aliases(m.aliases()),
                Formats.time(m.lastUpdatedTime()),
                m.description() == null ? "" : m.description()));
      }
      token = page.nextPageToken();
    } while (token != null);
    if (t.isEmpty()) {
      out.println("No registered models. Register one: kiln models register NAME --run RUN");
    } else {
      t.print(out, "");
    }
  }

  /**
   * A whole model for {@code NAME}; one version with its lineage for {@code NAME@A}, {@code
   * NAME/N}.
   */
  static void show(RegistryStore r, ModelRef ref, PrintWriter out) {
    if (ref.alias() == null && ref.version() == 0) {
      model(r, r.getRegisteredModel(ref.name()), out);
    } else {
      version(r, ref.resolve(r), out);
    }
  }

  private static void model(RegistryStore r, RegisteredModel m, PrintWriter out) {
    out.printf("model %s%n", m.name());
    out.printf("  description  %s%n", m.description() == null ? "-" : m.description());
    out.printf("  created      %s%n", Formats.time(m.creationTime()));
    out.printf("  updated      %s%n", Formats.time(m.lastUpdatedTime()));
    out.printf("  aliases      %s%n", m.aliases().isEmpty() ? "-" : aliases(m.aliases()));
    out.printf("  tags         %s%n", m.tags().isEmpty() ? "-" : pairs(m.tags()));
    List<ModelVersion> versions = r.modelVersions(m.name());
    if (versions.isEmpty()) {
      out.println("versions: none");
      return;
    }
    out.println("versions:");
    Table t =
        new Table(List.of("VERSION", "ALIASES", "CREATED", "BY", "RUN", "BUNDLE", "DESCRIPTION"));
    for (ModelVersion v : versions) {
      t.row(
          List.of(
              Integer.toString(v.version()),
              String.join(", ", v.aliases()),
              Formats.time(v.creationTime()),
              v.userId() == null ? "-" : v.userId(),
              v.runId() == null ? "-" : v.runId(),
              Formats.shortDigest(v.bundleDigest()),
              v.description() == null ? "" : v.description()));
    }
    t.print(out, "  ");
  }

  private static void version(RegistryStore r, ModelVersion v, PrintWriter out) {
    out.printf("model %s version %d%n", v.name(), v.version());
    out.printf("  aliases      %s%n", v.aliases().isEmpty() ? "-" : String.join(", ", v.aliases()));
    out.printf("  status       %s%n", v.status());
    out.printf("  created      %s by %s%n", Formats.time(v.creationTime()), v.userId());
    out.printf("  description  %s%n", v.description() == null ? "-" : v.description());
    out.printf("  tags         %s%n", v.tags().isEmpty() ? "-" : pairs(v.tags()));
    out.printf("  source       %s%n", v.source());
    out.printf("  bundle       %s%n", v.bundleDigest() == null ? "-" : v.bundleDigest());
    Lineage l = r.lineage(v.name(), v.version());
    out.println("lineage:");
    if (l.run() == null) {
      out.printf(
          "  run          %s%n",
          v.runId() == null ? "- (registered from a file)" : v.runId() + " (gone)");
    } else {
      out.printf(
          "  run          %s (%s, %s)%n",
          l.run().id(), l.run().info().runName(), l.run().info().status());
      Map<String, String> p = l.run().params();
      if (p.containsKey("learner")) {
        out.printf("  learner      %s%n", p.get("learner"));
      }
    }
    for (DatasetInput d : l.datasets()) {
      out.printf("  dataset      %s %s%n", d.dataset().digest(), d.dataset().source());
    }
    out.printf("  code commit  %s%n", l.codeCommit() == null ? "-" : l.codeCommit());
  }

  static void audit(RegistryStore r, String name, PrintWriter out) {
    List<AuditEntry> entries = r.audit(name);
    if (entries.isEmpty()) {
      out.printf("No audit entries for model '%s'.%n", name);
      return;
    }
    Table t = new Table(List.of("TIME", "WHO", "ACTION", "VERSION", "DETAIL", "WHY"));
    for (AuditEntry e : entries) {
      t.row(
          List.of(
              Formats.time(e.at()),
              e.who(),
              e.action(),
              e.version() == null ? "-" : e.version().toString(),
              e.detail() == null ? "" : e.detail(),
              e.why() == null ? "" : e.why()));
    }
    t.print(out, "");
  }

  private static String aliases(Map<String, Integer> aliases) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(aliases)
        .forEach((a, v) -> b.append(b.length() == 0 ? "" : ", ").append(a).append("=").append(v));
    return b.toString();
  }

  private static String pairs(Map<String, String> tags) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(tags)
        .forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append("=").append(v));
    return b.toString();
  }
}
