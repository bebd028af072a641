package dev.kiln.data.source;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.schema.Schema;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the next batch on a background thread while the caller works on the current one, so parsing
 * and profiling overlap. At most one finished batch waits in the queue, so memory stays bounded at
 * three batches (queued, being read, being used) whatever the size of the source.
 */
final class PrefetchingScan implements Scan {
  /** What the reader thread hands over: a batch, the end, or the failure that stopped it. */
  private record Item(Frame batch, RuntimeException failure) {}

  private static final Item END = new Item(null, null);

  private final Scan inner;
  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(1);
  private final Thread reader;
  private volatile boolean closed;
  private boolean finished;

  PrefetchingScan(Scan inner) {
    this.inner = inner;
    this.reader = new Thread(this::read, "kiln-scan-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try {
      for (Frame f = inner.next(); f != null && !closed; f = inner.next()) {
        queue.put(new Item(f, null));
      }
      queue.put(END);
    } catch (RuntimeException e) {
      putQuietly(new Item(null, e));
    } catch (Error e) {
      putQuietly(new Item(null, new IllegalStateException("reading failed: " + e, e)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void putQuietly(Item item) {
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Schema schema() {
    return inner.schema();
  }

  @Override
  public boolean stringTypesInferred() {
    return inner.stringTypesInferred();
  }

  @Override
  public Frame next() {
    if (finished) {
      return null;
    }
    Item item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next batch", e);
    }
    if (item.failure() != null) {
      finished = true;
      throw item.failure();
    }
    if (item.batch() == null) {
      finished = true;
    }
    return item.batch();
  }

  /** Stops the reader (after the batch it is reading) before the engine is closed under it. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    boolean interrupted = false;
    while (reader.isAlive()) {
      queue.clear();
      try {
        reader.join(50);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    inner.close();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
