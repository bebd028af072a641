package dev.kiln.serve.model;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models a server answers for, by name and version, in memory. Lookups read one immutable
 * snapshot (no lock on the request path); {@link #put} and {@link #remove} publish a new snapshot
 * atomically, which is the seam for following a registry alias: load, verify and warm the new
 * version, then {@code put} it — a request already holding the old model finishes on it.
 */
public final class ModelRegistry {
  /** One name's versions, and the version answered when a request names none. */
  private record Entry(Map<String, ServedModel> versions, ServedModel current) {}

  private final AtomicReference<Map<String, Entry>> models = new AtomicReference<>(Map.of());
  private final AtomicReference<String> defaultName = new AtomicReference<>();

  /**
   * Adds (or replaces) a model version and makes it the name's current version. The first name
   * added becomes the default model of {@code /invocations}.
   */
  public void put(ServedModel model) {
    models.updateAndGet(
        old -> {
          Map<String, Entry> next = new TreeMap<>(old);
          Entry entry = old.get(model.name());
          Map<String, ServedModel> versions =
              new TreeMap<>(entry == null ? Map.of() : entry.versions());
          versions.put(model.version(), model);
          next.put(model.name(), new Entry(Map.copyOf(versions), model));
          return Map.copyOf(next);
        });
    defaultName.compareAndSet(null, model.name());
  }

  /**
   * The model {@code name}, version {@code version} ({@code null}: its current version); or 404.
   */
  public ServedModel resolve(String name, String version) {
    Entry entry = models.get().get(name);
    if (entry == null) {
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "No model '" + name + "' is served here; served models: " + names() + ".");
    }
    if (version == null) {
      return entry.current();
    }
    ServedModel model = entry.versions().get(version);
    if (model == null) {
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "Model '"
              + name
              + "' has no version '"
              + version
              + "' here; served versions: "
              + String.join(", ", new TreeMap<>(entry.versions()).keySet())
              + ".");
    }
    return model;
  }

  /** The default model ({@code /invocations} without {@code ?model=}); 404 when none is served. */
  public ServedModel defaultModel() {
    String name = defaultName.get();
    if (name == null || !models.get().containsKey(name)) {
      throw new HttpError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "No model is served here yet.");
    }
    return resolve(name, null);
  }

  /** The versions of {@code name}, in order; 404 when unknown. */
  public List<String> versions(String name) {
    resolve(name, null);
    return new ArrayList<>(new TreeMap<>(models.get().get(name).versions()).keySet());
  }

  /** Every served name, in order. */
  public List<String> names() {
    return new ArrayList<>(models.get().keySet());
  }

  /** Whether at least one model is loaded and ready. */
  public boolean ready() {
    return !models.get().isEmpty();
  }
}
