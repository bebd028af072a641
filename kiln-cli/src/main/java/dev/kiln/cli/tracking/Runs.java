package dev.kiln.cli.tracking;

import dev.kiln.store.ErrorCode;
import dev.kiln.store.Experiment;
import dev.kiln.store.Page;
import dev.kiln.store.Run;
import dev.kiln.store.RunSearch;
import dev.kiln.store.StoreException;
import dev.kiln.store.TrackingStore;
import dev.kiln.store.ViewType;
import java.util.List;

/** Finding a run by what users type: its id, a unique id prefix (4+ hex digits) or its name. */
public final class Runs {
  private Runs() {}

  public static Run find(TrackingStore t, String ref) {
    String r = ref.strip();
    if (r.matches("[0-9a-f]{32}")) {
      return t.getRun(r);
    }
    List<String> experiments =
        Experiments.all(t, ViewType.ALL).stream().map(Experiment::id).toList();
    String filter =
        r.matches("[0-9a-f]{4,31}")
            ? "attributes.run_id LIKE '" + r + "%'"
            : "attributes.run_name = '" + r.replace("'", "''") + "'";
    Page<Run> page =
        t.searchRuns(new RunSearch(experiments, filter, ViewType.ALL, List.of(), 10, null));
    if (page.items().isEmpty()) {
      throw new StoreException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "No run with id, id prefix or name '" + ref + "'. See 'kiln runs list'.");
    }
    if (page.items().size() > 1) {
      throw new StoreException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "'"
              + ref
              + "' names "
              + (page.nextPageToken() == null ? page.items().size() : "10 or more")
              + " runs ("
              + String.join(", ", page.items().stream().map(Run::id).toList())
              + "); give the run id.");
    }
    return page.items().get(0);
  }
}
