package dev.kiln.serve.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one served name splits its requests between several model versions: its arms, each a {@link
 * ModelSource} with the model it serves now (null until loaded). Immutable: {@link ModelRegistry}
 * publishes a new one when an arm's model is swapped or the shares change.
 *
 * <p>Each traffic arm answers a share of the name's requests, in basis points of {@value #WHOLE}:
 * variants their own, the one plain arm what the variants leave. A request is given a bucket in
 * {@code 0 … 9,999} and the arm whose range holds it answers: a random bucket, or with a route key
 * ({@value #ROUTE_KEY_HEADER}, e.g. a user id) the key's own bucket, so one user always meets the
 * same arm while the shares stay, on every server ({@link #bucket(String)}). An arm that is not
 * loaded yet answers nothing: its share goes to the loaded arms in proportion to theirs. Shadow
 * arms answer nothing; each is sent a copy of every request the name answers ({@link Shadows}).
 */
final class Traffic {
  /** The whole of a name's requests, in basis points. */
  static final int WHOLE = 10_000;

  /** The request header whose value picks the arm by hash (sticky assignment). */
  static final String ROUTE_KEY_HEADER = "X-Kiln-Route-Key";

  /** An arm: a source and the model it serves now (null while loading). */
  record Arm(ModelSource source, int share, ServedModel model) {
    String label() {
      return source.describe();
    }

    boolean shadow() {
      return source.shadow();
    }
  }

  private static final ServedModel[] NONE = {};

  private final List<Arm> arms;

  /** The loaded traffic arms with a share, and the upper end of each one's buckets. */
  private final ServedModel[] picks;

  private final int[] bounds;
  private final int loadedShare;
  private final ServedModel primary;
  private final ServedModel[] shadows;

  private Traffic(List<Arm> arms) {
    this.arms = List.copyOf(arms);
    List<ServedModel> pick = new ArrayList<>();
    List<Integer> upper = new ArrayList<>();
    List<ServedModel> mirrors = new ArrayList<>();
    ServedModel first = null;
    int sum = 0;
    for (Arm a : this.arms) {
      if (a.model() == null) {
        continue;
      }
      if (a.shadow()) {
        mirrors.add(a.model());
        continue;
      }
      if (first == null) {
        first = a.model();
      }
      if (a.share() > 0) {
        sum += a.share();
        pick.add(a.model());
        upper.add(sum);
      }
    }
    if (pick.isEmpty() && first != null) {
      // every loaded arm has share 0 (the rest is on arms still loading): the first one answers
      pick.add(first);
      upper.add(sum = WHOLE);
    }
    this.picks = pick.toArray(NONE);
    this.bounds = upper.stream().mapToInt(Integer::intValue).toArray();
    this.loadedShare = sum;
    this.primary = first;
    this.shadows = mirrors.toArray(NONE);
  }

  /**
   * The arms of one name, none loaded yet: the plain source takes what the variants' shares leave.
   *
   * @throws IllegalArgumentException when the shares exceed the whole, or the sources are not one
   *     plain source with variants and shadows of the same name
   */
  static Traffic of(List<ModelSource> sources) {
    int fixed = 0;
    int plain = 0;
    for (ModelSource s : sources) {
      if (!s.routed()) {
        plain++;
      } else if (!s.shadow()) {
        fixed += s.share();
      }
      if (!s.name().equals(sources.get(0).name())) {
        throw new IllegalArgumentException("the arms of one name have one name: " + sources);
      }
    }
    if (plain != 1) {
      throw new IllegalArgumentException("one plain source and its variants needed: " + sources);
    }
    if (fixed > WHOLE) {
      throw new IllegalArgumentException("the variants' shares exceed the whole: " + sources);
    }
    List<Arm> arms = new ArrayList<>();
    for (ModelSource s : sources) {
      int share = s.shadow() ? 0 : s.routed() ? s.share() : WHOLE - fixed;
      arms.add(new Arm(s, share, null));
    }
    return new Traffic(arms);
  }

  /** The arms in the order given: the plain one, variants and shadows as declared. */
  List<Arm> arms() {
    return arms;
  }

  /** The arm named {@code label} ({@link ModelSource#describe()}), or null. */
  Arm arm(String label) {
    for (Arm a : arms) {
      if (a.label().equals(label)) {
        return a;
      }
    }
    return null;
  }

  /** This traffic with the arm {@code label} serving {@code model}. */
  Traffic with(String label, ServedModel model) {
    List<Arm> next = new ArrayList<>(arms.size());
    boolean found = false;
    for (Arm a : arms) {
      if (a.label().equals(label)) {
        next.add(new Arm(a.source(), a.share(), model));
        found = true;
      } else {
        next.add(a);
      }
    }
    if (!found) {
      throw new IllegalArgumentException("no arm " + label + " in " + labels());
    }
    return new Traffic(next);
  }

  /**
   * This traffic without the arm {@code label} (its first load failed): its share goes to the plain
   * arm. Null when no traffic arm is left.
   */
  Traffic without(String label) {
    List<Arm> next = new ArrayList<>(arms.size());
    int freed = 0;
    for (Arm a : arms) {
      if (a.label().equals(label)) {
        freed = a.share();
      } else {
        next.add(a);
      }
    }
    if (next.stream().allMatch(Arm::shadow)) {
      return null;
    }
    for (int i = 0; i < next.size(); i++) {
      Arm a = next.get(i);
      if (!a.source().routed()) {
        next.set(i, new Arm(a.source(), a.share() + freed, a.model()));
        freed = 0;
      }
    }
    if (freed > 0) { // the plain arm itself failed: the first traffic arm takes its share
      for (int i = 0; i < next.size(); i++) {
        Arm a = next.get(i);
        if (!a.shadow()) {
          next.set(i, new Arm(a.source(), a.share() + freed, a.model()));
          break;
        }
      }
    }
    return new Traffic(next);
  }

  /**
   * This traffic with new shares, in basis points by label; every traffic arm must be given and the
   * shares must add up to the whole. The message of the exception names what is wrong.
   */
  Traffic withShares(Map<String, Integer> shares) {
    for (String label : shares.keySet()) {
      Arm a = arm(label);
      if (a == null) {
        throw new IllegalArgumentException(
            "'" + label + "' is not an arm of this model; its arms: " + labels());
      }
      if (a.shadow()) {
        throw new IllegalArgumentException(
            "'" + label + "' is a shadow: it answers no requests, so it has no share");
      }
    }
    int sum = 0;
    List<Arm> next = new ArrayList<>(arms.size());
    for (Arm a : arms) {
      if (a.shadow()) {
        next.add(a);
        continue;
      }
      Integer share = shares.get(a.label());
      if (share == null) {
        throw new IllegalArgumentException(
            "every arm needs its share: '" + a.label() + "' is missing (arms: " + labels() + ")");
      }
      sum += share;
      next.add(new Arm(a.source(), share, a.model()));
    }
    if (sum != WHOLE) {
      throw new IllegalArgumentException(
          "the shares add up to " + percent(sum) + "% but must add up to 100%");
    }
    return new Traffic(next);
  }

  /** The arms' labels, in order, for messages. */
  String labels() {
    List<String> out = new ArrayList<>();
    for (Arm a : arms) {
      out.add(a.label());
    }
    return String.join(", ", out);
  }

  /**
   * The model that answers a request in {@code bucket} ({@code 0 … 9,999}); null when no traffic
   * arm is loaded yet.
   */
  ServedModel pick(int bucket) {
    int n = picks.length;
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return picks[0];
    }
    // the loaded arms' shares stretched over the whole range
    int b = loadedShare == WHOLE ? bucket : (int) ((long) bucket * loadedShare / WHOLE);
    for (int i = 0; i < n - 1; i++) {
      if (b < bounds[i]) {
        return picks[i];
      }
    }
    return picks[n - 1];
  }

  /**
   * The model reported for the name when a request names no version (its metadata): the first
   * loaded traffic arm, the plain one once it is there; null while none is loaded.
   */
  ServedModel primary() {
    return primary;
  }

  /** The loaded shadows. */
  ServedModel[] shadows() {
    return shadows;
  }

  /** Whether every arm has a model. */
  boolean complete() {
    for (Arm a : arms) {
      if (a.model() == null) {
        return false;
      }
    }
    return true;
  }

  /** Every model an arm serves, each once. */
  Set<ServedModel> models() {
    Set<ServedModel> out = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Arm a : arms) {
      if (a.model() != null) {
        out.add(a.model());
      }
    }
    return out;
  }

  /**
   * The bucket ({@code 0 … 9,999}) of a route key: the 64-bit FNV-1a hash of its UTF-8 bytes, mixed
   * by SplitMix64's finalizer, modulo 10,000 (unsigned). The same key has the same bucket on every
   * server and after every restart, so a user stays on one arm while the shares stay.
   */
  static int bucket(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return (int) Long.remainderUnsigned(h, WHOLE);
  }

  /** Basis points as a percent's text: 1000 is "10", 250 is "2.5", 1 is "0.01". */
  static String percent(int basisPoints) {
    return java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
  }
}
