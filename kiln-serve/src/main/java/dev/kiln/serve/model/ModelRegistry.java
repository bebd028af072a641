package dev.kiln.serve.model;

import dev.kiln.core.UserException;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
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
  /**
   * One name's versions, and the version answered when a request names none (null: loading); when
   * the name splits its requests between several arms, their {@link Traffic} (else null).
   */
  private record Entry(Map<String, ServedModel> versions, ServedModel current, Traffic traffic) {
    static final Entry LOADING = new Entry(Map.of(), null, null);

    /** Every model the entry holds, each once (a version map's and the arms'). */
    Set<ServedModel> models() {
      Set<ServedModel> out = Collections.newSetFromMap(new IdentityHashMap<>());
      out.addAll(versions.values());
      if (traffic != null) {
        out.addAll(traffic.models());
      }
      return out;
    }

    /** The entry for {@code traffic}: its models by version (traffic arms first), its primary. */
    static Entry of(Traffic traffic) {
      Map<String, ServedModel> versions = new TreeMap<>();
      for (boolean shadows : new boolean[] {false, true}) {
        for (Traffic.Arm a : traffic.arms()) {
          if (a.model() != null && a.shadow() == shadows) {
            versions.putIfAbsent(a.model().version(), a.model());
          }
        }
      }
      return new Entry(Collections.unmodifiableMap(versions), traffic.primary(), traffic);
    }
  }

  private static final ServedModel[] NO_SHADOWS = {};

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
    update(name, entry -> entry != null ? entry : Entry.LOADING);
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
    update(
        model.name(),
        entry -> {
          if (entry != null && entry.traffic() != null) {
            throw new IllegalStateException(
                "model '" + model.name() + "' splits its traffic: swap an arm (swapArm)");
          }
          Map<String, ServedModel> versions = new TreeMap<>();
          if (entry != null && !only) {
            versions.putAll(entry.versions()); // the one of the same version is replaced below
          }
          versions.put(model.version(), model);
          return new Entry(Collections.unmodifiableMap(versions), model, null);
        });
  }

  /**
   * Declares that {@code sources} (one plain source, its variants and shadows, all of one name) are
   * being loaded as the arms of one name ({@link Traffic}): the name answers 503 until a traffic
   * arm is there, and the server is not {@link #ready()} until every arm is.
   *
   * @throws IllegalArgumentException when the sources do not make one name's arms
   */
  public void route(List<ModelSource> sources) {
    Traffic traffic = Traffic.of(sources);
    String name = sources.get(0).name();
    loading(name);
    update(name, entry -> entry.traffic() == null ? Entry.of(traffic) : entry);
  }

  /**
   * Makes {@code model} what the arm {@code source} of its name serves, atomically; the model the
   * arm served before is retired (unless another arm serves it too).
   */
  public void swapArm(ModelSource source, ServedModel model) {
    update(
        source.name(),
        entry -> {
          if (entry == null || entry.traffic() == null) {
            throw new IllegalStateException("model '" + source.name() + "' has no arms");
          }
          return Entry.of(entry.traffic().with(source.describe(), model));
        });
  }

  /**
   * Stops serving the arm {@code source} (its first load failed): its share goes to the plain arm.
   * When no traffic arm is left the name is {@link #remove}d.
   */
  public void dropArm(ModelSource source) {
    update(
        source.name(),
        entry -> {
          if (entry == null || entry.traffic() == null) {
            return entry; // not served with arms: nothing to drop
          }
          Traffic rest = entry.traffic().without(source.describe());
          return rest == null ? null : Entry.of(rest);
        });
  }

  /**
   * Gives the arms of {@code name} new shares (basis points by arm label, every traffic arm, adding
   * up to {@value Traffic#WHOLE}); 404 when the name is unknown, 400 naming the fault otherwise.
   */
  public void shares(String name, Map<String, Integer> shares) {
    update(
        name,
        entry -> {
          if (entry == null) {
            resolve(name, null); // 404
          }
          if (entry.traffic() == null) {
            throw new HttpError(
                ErrorCode.INVALID_PARAMETER_VALUE,
                "Model '"
                    + name
                    + "' has one arm, which answers every request; serve it with variants"
                    + " (kiln serve --variant) to split its traffic.");
          }
          try {
            return Entry.of(entry.traffic().withShares(shares));
          } catch (IllegalArgumentException e) {
            throw new HttpError(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage() + ".");
          }
        });
  }

  /** The arms of {@code name}, or null when it has one (404 when unknown, 503 while loading). */
  Traffic traffic(String name) {
    Entry entry = models.get().get(name);
    return entry == null ? served(name).traffic() : entry.traffic();
  }

  /** The loaded shadows of {@code name}: none for a name without arms, or an unknown one. */
  ServedModel[] shadows(String name) {
    Entry entry = models.get().get(name);
    return entry == null || entry.traffic() == null ? NO_SHADOWS : entry.traffic().shadows();
  }

  /**
   * Replaces {@code name}'s entry with what {@code change} makes of it (null: the name is no longer
   * served) in one atomic publication, and retires the models the old entry held that the new one
   * does not. A name that gets a current version becomes the default model if there is none.
   */
  private void update(String name, java.util.function.UnaryOperator<Entry> change) {
    while (true) {
      Map<String, Entry> old = models.get();
      Entry entry = old.get(name);
      Entry changed = change.apply(entry);
      if (changed == entry) {
        return;
      }
      Map<String, Entry> next = new TreeMap<>(old);
      if (changed == null) {
        next.remove(name);
      } else {
        next.put(name, changed);
      }
      if (models.compareAndSet(old, Collections.unmodifiableMap(next))) {
        if (changed != null && changed.current() != null) {
          defaultName.compareAndSet(null, name);
        }
        if (entry != null) {
          Set<ServedModel> kept = changed == null ? Set.of() : changed.models();
          for (ServedModel m : entry.models()) {
            if (!kept.contains(m)) {
              m.retire();
            }
          }
        }
        return;
      }
    }
  }

  /** Stops serving {@code name} (loading or not); its versions are retired. */
  public void remove(String name) {
    update(name, entry -> null);
  }

  /**
   * The model {@code name}, version {@code version} ({@code null}: its current version); 404 when
   * unknown, 503 with {@code Retry-After} while it is loading.
   */
  public ServedModel resolve(String name, String version) {
    Entry entry = served(name);
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

  /** The entry of {@code name}: 404 when unknown, 503 with {@code Retry-After} while loading. */
  private Entry served(String name) {
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
    return entry;
  }

  /**
   * {@link #resolve} and a hold on the model for one request ({@link ServedModel#release()} it when
   * the request is done). A version retired between the lookup and the hold is looked up again, so
   * the request gets the version that replaced it. A name whose traffic is split between arms
   * ({@link Traffic}) answers a request that names no version with the arm of its bucket: its
   * {@value Traffic#ROUTE_KEY_HEADER}'s (read only then) when it has one, else a random one.
   */
  ServedModel acquire(String name, String version, Request request) {
    while (true) {
      ServedModel model = version == null ? routed(name, request) : resolve(name, version);
      if (model.acquire()) {
        return model;
      }
    }
  }

  /** {@link #acquire} for a caller without a request (a random arm). */
  ServedModel acquire(String name, String version) {
    return acquire(name, version, null);
  }

  /** {@link #defaultModel()} with a hold and its arm, as {@link #acquire}. */
  ServedModel acquireDefault(Request request) {
    while (true) {
      ServedModel model = routed(defaultName(), request);
      if (model.acquire()) {
        return model;
      }
    }
  }

  /** The model that answers a request for {@code name} without a version. */
  private ServedModel routed(String name, Request request) {
    Entry entry = served(name);
    ServedModel current = entry.current();
    if (entry.traffic() == null) {
      return current;
    }
    String key = request == null ? null : request.header(Traffic.ROUTE_KEY_HEADER);
    int bucket =
        key == null ? ThreadLocalRandom.current().nextInt(Traffic.WHOLE) : Traffic.bucket(key);
    ServedModel picked = entry.traffic().pick(bucket);
    return picked == null ? current : picked;
  }

  /** The default model ({@code /invocations} without {@code ?model=}); 404 when none is served. */
  public ServedModel defaultModel() {
    return resolve(defaultName(), null);
  }

  /** The default model's name, or 404 when none is served. */
  private String defaultName() {
    String name = defaultName.get();
    if (name == null || !models.get().containsKey(name)) {
      throw new HttpError(ErrorCode.RESOURCE_DOES_NOT_EXIST, "No model is served here yet.");
    }
    return name;
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

  /** Whether at least one model is served and none (nor any arm of one) is still loading. */
  public boolean ready() {
    Map<String, Entry> now = models.get();
    if (now.isEmpty()) {
      return false;
    }
    for (Entry e : now.values()) {
      if (e.current() == null || (e.traffic() != null && !e.traffic().complete())) {
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
      e.models().forEach(ServedModel::retire);
    }
  }
}
