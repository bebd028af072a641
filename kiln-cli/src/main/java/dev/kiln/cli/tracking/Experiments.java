package dev.kiln.cli.tracking;

import dev.kiln.store.ErrorCode;
import dev.kiln.store.Experiment;
import dev.kiln.store.StoreException;
import dev.kiln.store.TrackingStore;
import dev.kiln.store.ViewType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finding experiments by what users type: a name, or an id. */
public final class Experiments {
  private Experiments() {}

  /** The experiment named {@code nameOrId}, else the one with that id; unknown is an error. */
  public static Experiment find(TrackingStore t, String nameOrId) {
    try {
      return t.getExperimentByName(nameOrId);
    } catch (StoreException e) {
      if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST || !nameOrId.matches("[0-9]{1,18}")) {
        throw e;
      }
    }
    try {
      return t.getExperiment(nameOrId);
    } catch (StoreException e) {
      throw new StoreException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "No experiment named '" + nameOrId + "' and none with that id.");
    }
  }

  /** The experiment with this name, created when there is none (another process may race us). */
  public static Experiment findOrCreate(TrackingStore t, String name) {
    try {
      return t.getExperimentByName(name);
    } catch (StoreException e) {
      if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw e;
      }
    }
    try {
      return t.getExperiment(t.createExperiment(name, null, Map.of()));
    } catch (StoreException e) {
      if (e.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
        throw e;
      }
      return t.getExperimentByName(name);
    }
  }

  /** Every experiment in the view, by name. */
  public static List<Experiment> all(TrackingStore t, ViewType view) {
    List<Experiment> out = new ArrayList<>();
    String token = null;
    do {
      var page = t.searchExperiments(null, view, List.of("name"), 1000, token);
      out.addAll(page.items());
      token = page.nextPageToken();
    } while (token != null);
    return out;
  }
}
