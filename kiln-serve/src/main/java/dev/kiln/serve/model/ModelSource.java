package dev.kiln.serve.model;

import dev.kiln.store.ModelRef;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a served model comes from: a bundle file (served as version {@code 1}), or a reference into
 * the model registry (served with the registry's version number). A reference that names an alias
 * ({@code fraud@champion}) or only the model ({@code fraud}: its latest version) is followed: when
 * it points to another version, that version is loaded and swapped in. One that names a version
 * number ({@code fraud/3}) stays on it.
 *
 * <p>Several sources may share a name when all but one are a {@link #variant} (a fixed share of the
 * name's requests: a canary, or the B of an A/B test) or a {@link #shadow} (sent a copy of every
 * request, its answer logged and never returned); the one plain source takes the share the variants
 * leave ({@link Traffic}).
 *
 * @param name the name it is served as ({@code /v2/models/NAME})
 * @param reference the registry reference, or null for a bundle
 * @param bundle the bundle file or folder, or null for a registry reference
 * @param share the name's requests it answers, in basis points (0..10,000), or {@link #REST}: what
 *     the variants leave
 * @param shadow whether it only shadows the name (no share of the answers)
 */
public record ModelSource(String name, ModelRef reference, Path bundle, int share, boolean shadow) {
  /** The share of the plain source of a name: the basis points its variants leave. */
  public static final int REST = -1;

  public ModelSource {
    Objects.requireNonNull(name, "name");
    if ((reference == null) == (bundle == null)) {
      throw new IllegalArgumentException("a model source is a registry reference or a bundle");
    }
    if (share != REST && (share < 0 || share > Traffic.WHOLE)) {
      throw new IllegalArgumentException("share must be 0..10000 basis points but was " + share);
    }
    if (shadow && share != REST) {
      throw new IllegalArgumentException("a shadow has no share of the answers");
    }
  }

  /** A plain source: the whole of its name's requests, or what its variants leave. */
  public ModelSource(String name, ModelRef reference, Path bundle) {
    this(name, reference, bundle, REST, false);
  }

  /** The registry's model {@code reference}, served under its registered name. */
  public static ModelSource registered(ModelRef reference) {
    return new ModelSource(reference.name(), reference, null);
  }

  /** The bundle at {@code path}, served as {@code name} version {@code 1}. */
  public static ModelSource bundle(String name, Path path) {
    return new ModelSource(name, null, path);
  }

  /** This source answering {@code basisPoints} of its name's requests (100 = 1%). */
  public ModelSource variant(int basisPoints) {
    return new ModelSource(name, reference, bundle, basisPoints, false);
  }

  /** This source as a shadow of its name: a copy of each request, the answer only logged. */
  public ModelSource asShadow() {
    return new ModelSource(name, reference, bundle, REST, true);
  }

  /** Whether it is one of several sources of its name: a variant or a shadow. */
  public boolean routed() {
    return shadow || share != REST;
  }

  /**
   * A percent from 0 to 100 in steps of 0.01 as basis points (the unit of {@link #share}).
   *
   * @throws IllegalArgumentException when it is not one; the message ("must be from 0 to 100",
   *     "must be a percent in steps of 0.01") reads after the name of what was given
   */
  public static int basisPoints(java.math.BigDecimal percent) {
    if (percent.signum() < 0 || percent.compareTo(java.math.BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException("must be from 0 to 100");
    }
    java.math.BigDecimal bp = percent.movePointRight(2);
    if (bp.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("must be a percent in steps of 0.01");
    }
    return bp.intValueExact();
  }

  /** A variant's share as a percent's text ({@code "10"}, {@code "2.5"}). */
  public String percent() {
    return Traffic.percent(Math.max(0, share));
  }

  /** Whether the registry is polled for a new version to swap in. */
  public boolean follows() {
    return reference != null && reference.version() == 0;
  }

  /** How the command line named it: {@code fraud@champion}, or the bundle's path. */
  public String describe() {
    return reference != null ? reference.toString() : bundle.toString();
  }
}
