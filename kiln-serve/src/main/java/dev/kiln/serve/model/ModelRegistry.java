package dev.kiln.serve.model;

import dev.kiln.core.UserException;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models a server answers for, by name and version, in memory. Lookups read one immutable
 * snapshot (no lock on the request path); {@link #put}, {@link #swap} and {@link #remove} publish a
 * new snapshot atomically. A hot swap ({@link ModelLoader}) loads, verifies and warms the new
 * version, then {@code swap}s it in: a request that already holds the old version finishes on it,
 * and the old predictor is closed when the last such request lets go ({@link ServedModel#retire}).
 *
 * <p>A name can be declared {@link #loading} before its first version is there: its routes then
 * answer 503 with {@code Retry-After: 1} instead of 404, and the server is not {@link #ready()}.
 *
 * <p>The registry owns the models given to it: {@link #close()} (and a swap, for the versions it
 * replaces) closes their predictors once no request uses them.
 */
public final class ModelRegistry implements AutoCloseable {
  /** One name's versions, and the version answered when a request names none (null: loading). */
  private record Entry(Map<String, ServedModel> versions, ServedModel current) {
    static final Entry LOADING = new Entry(Map.of(), null);
  }

  private static final Map<String, String> RETRY = Map.of("Retry-After", "1");

  private final AtomicReference<Map<String, Entry>> models = new AtomicReference<>(Map.of());
  private final AtomicReference<String> defaultName = new AtomicReference<>();

  /**
   * Declares that {@code name} is being loaded: until a version is {@link #put} or {@link #swap}ped
   * in, its routes answer 503 "loading". No effect on a name already served. The first name
   * declared (or added) becomes the default model of {@code /invocations}.
   */
  public void loading(String name) {
    if (name == null || name.isBlank() || name.contains("/")) {
      throw new UserException(
          "A served model's name must be non-blank without '/' but was '" + name + "'");
    }
    models.updateAndGet(
        old -> {
          if (old.containsKey(name)) {
            return old;
          }
          Map<String, Entry> next = new TreeMap<>(old);
          next.put(name, Entry.LOADING);
          return Collections.unmodifiableMap(next);
        });
    defaultName.compareAndSet(null, name);
  }

  /**
   * Adds (or replaces) a model version and makes it the name's current version; the name's other
   * versions stay served. The first name added becomes the default model of {@code /invocations}.
   */
  public void put(ServedModel model) {
    publish(model, false);
  }

  /**
   * Makes {@code model} its name's current and only version, atomically: every other version of the
   * name is retired (closed once the requests holding it finish).
   */
  public void swap(ServedModel model) {
    publish(model, true);
  }

  private void publish(ServedModel model, boolean only) {
    while (true) {
      Map<String, Entry> old = models.get();
      Entry entry = old.get(model.name());
      Map<String, ServedModel> versions = new TreeMap<>();
      List<ServedModel> retired = new ArrayList<>();
      if (entry != null) {
        for (ServedModel m : entry.versions().values()) {
          if (m == model) {
            continue;
          }
          if (only || m.version().equals(model.version())) {
            retired.add(m);
          } else {
            versions.put(m.version(), m);
          }
        }
      }
      versions.put(model.version(), model);
      Map<String, Entry> next = new TreeMap<>(old);
      next.put(model.name(), new Entry(Collections.unmodifiableMap(versions), model));
      if (models.compareAndSet(old, Collections.unmodifiableMap(next))) {
        defaultName.compareAndSet(null, model.name());
        retired.forEach(ServedModel::retire);
        return;
      }
    }
  }

  /** Stops serving {@code name} (loading or not); its versions are retired. */
  public void remove(String name) {
    while (true) {
      Map<String, Entry> old = models.get();
      Entry entry = old.get(name);
      if (entry == null) {
        return;
      }
      Map<String, Entry> next = new TreeMap<>(old);
      next.remove(name);
      if (models.compareAndSet(old, Collections.unmodifiableMap(next))) {
        entry.versions().values().forEach(ServedModel::retire);
        return;
      }
    }
  }

  /**
   * The model {@code name}, version {@code version} ({@code null}: its current version); 404 when
   * unknown, 503 with {@code Retry-After} while it is loading.
   */
  public ServedModel resolve(String name, String version) {
    Entry entry = models.get().get(name);
    if (entry == null) {
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "No model '"
              + name
              + "' is served here; served models: "
              + (names().isEmpty() ? "none" : String.join(", ", names()))
              + ".");
    }
    if (entry.current() == null) {
      throw new HttpError(
          ErrorCode.TEMPORARILY_UNAVAILABLE,
          "Model '" + name + "' is loading; try again in a moment.",
          RETRY);
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
              + String.join(", ", entry.versions().keySet())
              + ".");
    }
    return model;
  }

  /**
   * {@link #resolve} and a hold on the model for one request ({@link ServedModel#release()} it when
   * the request is done). A version retired between the lookup and the hold is looked up again, so
   * the request gets the version that replaced it.
   */
  ServedModel acquire(String name, String version) {
    while (true) {
      ServedModel model = resolve(name, version);
      if (model.acquire()) {
        return model;
      }
    }
  }

  /** {@link #defaultModel()} with a hold, as {@link #acquire}. */
  ServedModel acquireDefault() {
    while (true) {
      ServedModel model = defaultModel();
      if (model.acquire()) {
        return model;
      }
    }
  }

  /** The default model ({@code /invocations} without {@code ?model=}); 404 when none is served. */
  public ServedModel defaultModel() {
    String name = defaultName.get();
    if (name == null || !models.get().containsKey(name)) {
      throw new HttpError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "No model is served here yet.");
    }
    return resolve(name, null);
  }

  /** The versions of {@code name}, in order; 404 when unknown, 503 while loading. */
  public List<String> versions(String name) {
    resolve(name, null);
    Entry entry = models.get().get(name); // null if removed since: a race with a failed load
    return entry == null ? List.of() : new ArrayList<>(entry.versions().keySet());
  }

  /** Every served or loading name, in order. */
  public List<String> names() {
    return new ArrayList<>(models.get().keySet());
  }

  /** Whether {@code name} is declared but has no version yet. */
  public boolean isLoading(String name) {
    Entry entry = models.get().get(name);
    return entry != null && entry.current() == null;
  }

  /** Whether at least one model is served and none is still loading. */
  public boolean ready() {
    Map<String, Entry> now = models.get();
    if (now.isEmpty()) {
      return false;
    }
    for (Entry e : now.values()) {
      if (e.current() == null) {
        return false;
      }
    }
    return true;
  }

  /** Stops serving every model; each predictor is closed once no request uses it. */
  @Override
  public void close() {
    Map<String, Entry> old = models.getAndSet(Map.of());
    for (Entry e : old.values()) {
      e.versions().values().forEach(ServedModel::retire);
    }
  }
}
