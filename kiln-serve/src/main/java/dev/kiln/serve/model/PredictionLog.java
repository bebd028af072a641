package dev.kiln.serve.model;

import dev.kiln.core.SystemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The prediction log: every answered prediction as JSON lines, one line per row, under {@code
 * <dir>/predictions/model=<name>/hour=<yyyy-MM-ddTHH>/<writer>.jsonl} (hive partitions DuckDB reads
 * with {@code read_json_auto('…/predictions/**}{@code /*.jsonl', hive_partitioning = true)}).
 *
 * <p>Why a queue and one writer: a prediction takes microseconds and must never wait for a disk.
 * {@link #offer} puts the entry in a bounded queue and returns at once; when the queue is full the
 * entry is dropped and counted ({@link #dropped()}), because blocking the event loop would stall
 * every connection on it. One thread drains the queue, writes the lines and flushes whenever the
 * queue is empty, so a quiet server's log is on disk within milliseconds. {@link #close()} stops
 * taking entries, drains what was queued and closes the files: a server that closes its HTTP side
 * first (finishing requests in flight) and then this log loses nothing it acknowledged.
 */
public final class PredictionLog implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.kiln.serve.model");
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  /** How long the writer sleeps when the queue is empty, and when it has been idle a while. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private static final byte[] ID = JsonBytes.ascii("{\"id\":");
  private static final byte[] ROW = JsonBytes.ascii(",\"row\":");
  private static final byte[] TIME = JsonBytes.ascii(",\"time\":");
  private static final byte[] OUTPUTS = JsonBytes.ascii("},\"outputs\":{");
  private static final byte[] LATENCY = JsonBytes.ascii("},\"latency_ms\":");

  private static final byte[] SHADOW = JsonBytes.ascii(",\"shadow\":true");

  /**
   * One answered request: its rows, its predictions ({@code width} numbers per row); {@code shadow}
   * when a shadow predicted them for the request answered as {@code id} ({@link Shadows}).
   */
  record Entry(
      String id,
      long epochMillis,
      ServedModel model,
      Batch batch,
      double[] outputs,
      long nanos,
      boolean shadow) {
    Entry(
        String id, long epochMillis, ServedModel model, Batch batch, double[] outputs, long nanos) {
      this(id, epochMillis, model, batch, outputs, nanos, false);
    }
  }

  private final Path root;
  private final String writerName;
  private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final long capacityRows;
  private final AtomicLong queuedRows = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private final Map<Path, JsonBytes> open = new HashMap<>();
  private volatile boolean closing;

  /** The writer is in a long sleep: the next offer wakes it (see {@link #drain}). */
  private volatile boolean sleeping;

  private String openHour = "";
  private long timeMillis = Long.MIN_VALUE;
  private byte[] time;

  /** By model name and version: a swapped-out model's predictor is not kept alive from here. */
  private final Map<String, Names> names = new HashMap<>();

  private PredictionLog(Path dir, String writerName, long capacityRows) {
    this.root = dir.resolve("predictions");
    this.writerName = writerName;
    this.capacityRows = capacityRows;
    this.writer = new Thread(this::drain, "kiln-prediction-log");
    this.writer.setDaemon(true);
  }

  /**
   * A log under {@code dir}, its files named {@code writerName} (unique per server process, so two
   * servers never write the same file), holding at most {@code capacityRows} rows in memory (the
   * bound is in rows, not requests: a queue of 100-row requests must not fill the heap).
   */
  public static PredictionLog start(Path dir, String writerName, long capacityRows) {
    if (capacityRows <= 0) {
      throw new IllegalArgumentException("capacityRows must be positive but was " + capacityRows);
    }
    if (!writerName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "writerName must be a plain file name but was " + writerName);
    }
    try {
      Files.createDirectories(dir.resolve("predictions"));
    } catch (IOException e) {
      throw new dev.kiln.core.UserException(
          "Cannot create the prediction log folder " + dir.resolve("predictions") + ": " + e);
    }
    PredictionLog log = new PredictionLog(dir, writerName, capacityRows);
    log.writer.start();
    return log;
  }

  /** Queues an entry; false (its rows counted as dropped) when full or closing. */
  boolean offer(Entry entry) {
    int rows = entry.batch().size();
    if (closing) {
      dropped.addAndGet(rows);
      return false;
    }
    if (queuedRows.addAndGet(rows) > capacityRows) {
      queuedRows.addAndGet(-rows);
      dropped.addAndGet(rows);
      return false;
    }
    queue.add(entry);
    if (sleeping) {
      sleeping = false;
      LockSupport.unpark(writer);
    }
    return true;
  }

  /** Rows waiting to be written. */
  public long depth() {
    return queuedRows.get();
  }

  /** Rows dropped because the queue was full (or the log closed). */
  public long dropped() {
    return dropped.get();
  }

  /** Rows written so far. */
  public long written() {
    return written.get();
  }

  /** The folder holding the {@code model=…} partitions. */
  public Path root() {
    return root;
  }

  /**
   * The writer's loop. It takes what is queued, writes it and, when the queue is empty, flushes and
   * sleeps a millisecond: a busy server's rows are written in batches of a millisecond's worth,
   * with one write to the file per batch, and a request never wakes the writer (waking a thread is
   * a system call on the request's thread). After a tenth of a second without rows the writer
   * sleeps until the next offer wakes it.
   */
  private void drain() {
    int idle = 0;
    boolean dirty = false;
    // the shared counters are updated every 64 entries, not per entry: each update moves their
    // cache line between the writer's core and the request threads'
    long doneRows = 0;
    long writtenRows = 0;
    int entries = 0;
    while (true) {
      Entry e = queue.poll();
      if (e != null) {
        idle = 0;
        int rows = e.batch().size();
        try {
          write(e);
          writtenRows += rows;
          dirty = true;
        } catch (IOException | RuntimeException failure) {
          // One bad entry or a full disk must not stop the log: count it and go on.
          dropped.addAndGet(rows);
          LOG.log(System.Logger.Level.ERROR, "prediction log: cannot write to " + root, failure);
        } finally {
          doneRows += rows;
        }
        if (++entries < 64) {
          continue;
        }
      }
      entries = 0;
      if (doneRows > 0) {
        queuedRows.addAndGet(-doneRows);
        written.addAndGet(writtenRows);
        doneRows = 0;
        writtenRows = 0;
      }
      if (e != null) {
        continue;
      }
      if (dirty) {
        flush();
        dirty = false;
      }
      if (Thread.interrupted()) {
        closing = true;
      }
      if (closing && queue.isEmpty()) {
        break;
      }
      if (++idle < 100) {
        LockSupport.parkNanos(IDLE_NANOS);
      } else {
        sleeping = true;
        if (queue.isEmpty() && !closing) {
          LockSupport.parkNanos(SLEEP_NANOS);
        }
        sleeping = false;
      }
    }
    closeFiles();
  }

  private void write(Entry e) throws IOException {
    long millis = e.epochMillis();
    if (millis != timeMillis) {
      timeMillis = millis;
      Instant instant = Instant.ofEpochMilli(millis);
      time = JsonBytes.quoted(instant.toString());
      String hour = HOUR.format(instant);
      if (!hour.equals(openHour)) {
        closeFiles(); // an hour's files are finished when the next hour starts
        openHour = hour;
      }
    }
    ServedModel model = e.model();
    Names names = names(model);
    JsonBytes g = open.get(names.file);
    if (g == null) {
      Path file = names.file.resolve("hour=" + openHour).resolve(writerName + ".jsonl");
      Files.createDirectories(file.getParent());
      g =
          new JsonBytes(
              Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
      open.put(names.file, g);
    }
    String id = e.id();
    int width = model.predictor().width();
    long latency = Math.max(0, e.nanos()); // nanoseconds: millionths of the logged ms
    InputField[] fields = names.fields;
    NumberText text = e.batch().text();
    for (int r = 0; r < e.batch().size(); r++) {
      g.raw(ID).string(id).raw(ROW).number(r).raw(TIME).raw(time);
      if (e.shadow()) {
        g.raw(SHADOW);
      }
      g.raw(names.modelAndVersion);
      for (int c = 0; c < fields.length; c++) {
        InputField f = fields[c];
        g.raw(names.inputs[c]);
        // the number's own text, as the request sent it: copied, not formatted again
        if (text != null && g.numberText(text, r, f.position())) {
          continue;
        }
        Object v = e.batch().value(r, f.position());
        if (v == null) {
          g.nul();
        } else if (v instanceof Double) {
          g.number((double) (Double) v);
        } else if (f.type() == dev.kiln.core.frame.ColumnType.TIMESTAMP) {
          long micros = (Long) v;
          g.string(
              Instant.ofEpochSecond(
                      Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                  .toString());
        } else if (v instanceof Long) {
          g.number((long) (Long) v);
        } else if (v instanceof Boolean) {
          g.bool((Boolean) v);
        } else {
          g.string(v.toString());
        }
      }
      g.raw(OUTPUTS);
      Outputs.writeLogged(g, model, e.outputs(), r * width);
      g.raw(LATENCY).millionths(latency).raw('}').raw('\n');
    }
  }

  /** The field names and file folder of a model, prepared once per model (and per hour). */
  private Names names(ServedModel model) {
    String key = model.key();
    Names n = names.get(key);
    if (n == null) {
      if (names.size() >= 64) {
        names.clear(); // versions swapped out: forget them
      }
      n = new Names(model, root.resolve("model=" + safe(model.name())));
      names.put(key, n);
    }
    return n;
  }

  /** A model's names as the writer needs them: quoted and encoded once, not per row. */
  private static final class Names {
    final Path file;
    final byte[] modelAndVersion; // ,"model":"m","version":"v","inputs":{
    final InputField[] fields;
    final byte[][] inputs; // "name": and ,"name":

    Names(ServedModel served, Path file) {
      this.file = file;
      this.modelAndVersion =
          JsonBytes.concat(
              JsonBytes.ascii(",\"model\":"),
              JsonBytes.quoted(served.name()),
              JsonBytes.ascii(",\"version\":"),
              JsonBytes.quoted(served.version()),
              JsonBytes.ascii(",\"inputs\":{"));
      this.fields = served.inputs().toArray(new InputField[0]);
      this.inputs = new byte[fields.length][];
      for (int i = 0; i < fields.length; i++) {
        inputs[i] =
            JsonBytes.concat(
                JsonBytes.ascii(i == 0 ? "" : ","),
                JsonBytes.quoted(fields[i].name()),
                JsonBytes.ascii(":"));
      }
    }
  }

  private void flush() {
    for (JsonBytes out : open.values()) {
      try {
        out.flush();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.ERROR, "prediction log: cannot flush", e);
      }
    }
  }

  private void closeFiles() {
    for (JsonBytes out : open.values()) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.ERROR, "prediction log: cannot close a file", e);
      }
    }
    open.clear();
  }

  static String safe(String name) {
    String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.startsWith(".") ? "_" + s.substring(1) : s;
  }

  /** Stops taking entries, writes every queued one, closes the files; waits for the writer. */
  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SystemException("interrupted while flushing the prediction log", e);
    }
    if (writer.isAlive()) {
      throw new SystemException(
          "the prediction log did not finish writing in 30 s; " + queue.size() + " entries left");
    }
  }
}
