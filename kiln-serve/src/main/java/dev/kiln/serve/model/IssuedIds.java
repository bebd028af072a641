package dev.kiln.serve.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The prediction ids this server issues, {@code <instance>-<hex counter>}, and what it remembers of
 * the most recent ones (which model answered, how many rows), so feedback can be checked.
 *
 * <p>Why a ring of primitive arrays: issuing an id is on the prediction's hot path and must not
 * allocate an object that lives long enough to be promoted (a ring of small records at 20k
 * requests/s would fill the old generation). The last {@value #SLOTS} ids are kept in slot {@code
 * counter mod SLOTS}, guarded by a sequence stamp (a seqlock): the writer marks the slot as being
 * written, fills it, then publishes the counter; a reader that sees the same counter before and
 * after reading the slot has read a consistent entry. Older ids are still recognised as issued
 * (their counter is not beyond the last one) but their model and rows are forgotten.
 */
final class IssuedIds {
  static final int SLOTS = 1 << 16;
  private static final VarHandle STAMP = MethodHandles.arrayElementVarHandle(long[].class);

  /** What is remembered of an issued id. */
  record Known(ServedModel model, int rows) {}

  private final String instance;
  private final String prefix;
  private final AtomicLong counter = new AtomicLong();
  private final long[] stamps = new long[SLOTS];
  private final int[] rows = new int[SLOTS];
  private final ServedModel[] models = new ServedModel[SLOTS];

  IssuedIds(String instance) {
    this.instance = instance;
    this.prefix = instance + "-";
  }

  /** A new id for a prediction of {@code n} rows by {@code model}. */
  String next(ServedModel model, int n) {
    long c = counter.incrementAndGet();
    int slot = (int) (c & (SLOTS - 1));
    STAMP.setVolatile(stamps, slot, -c); // being written
    VarHandle.storeStoreFence();
    rows[slot] = n;
    models[slot] = model;
    STAMP.setRelease(stamps, slot, c);
    return prefix + Long.toHexString(c);
  }

  /** This server's instance id, the part of its ids before the last '-'. */
  String instance() {
    return instance;
  }

  /** The last counter issued (0 before the first prediction). */
  long issued() {
    return counter.get();
  }

  /** What is remembered of the id with this counter, or {@code null} when it is forgotten. */
  Known lookup(long c) {
    if (c <= 0) {
      return null;
    }
    int slot = (int) (c & (SLOTS - 1));
    if ((long) STAMP.getAcquire(stamps, slot) != c) {
      return null;
    }
    int n = rows[slot];
    ServedModel model = models[slot];
    VarHandle.loadLoadFence();
    if ((long) STAMP.getVolatile(stamps, slot) != c) {
      return null;
    }
    return new Known(model, n);
  }
}
