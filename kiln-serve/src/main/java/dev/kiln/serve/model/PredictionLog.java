package dev.kiln.serve.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kiln.core.SystemException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
  // One line per row: the root-value separator is our own '\n'; doubles written by Schubfach
  private static final JsonFactory JSON =
      new com.fasterxml.jackson.core.JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  /** One answered request: its rows, its predictions ({@code width} numbers per row). */
  record Entry(
      String id, long epochMillis, ServedModel model, Batch batch, double[] outputs, long nanos) {}

  private final Path root;
  private final String writerName;
  private final BlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final long capacityRows;
  private final AtomicLong queuedRows = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final Thread writer;
  private final Map<Path, JsonGenerator> open = new HashMap<>();
  private volatile boolean closing;
  private String openHour = "";

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

  private void drain() {
    List<Entry> batch = new ArrayList<>(256);
    while (true) {
      try {
        Entry first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          flush();
          if (closing && queue.isEmpty()) {
            break;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, 255);
        for (Entry e : batch) {
          write(e);
          queuedRows.addAndGet(-e.batch().size());
        }
        batch.clear();
        if (queue.isEmpty()) {
          flush();
        }
      } catch (InterruptedException e) {
        closing = true;
      } catch (IOException | RuntimeException e) {
        // One bad entry or a full disk must not stop the log: count it and go on.
        for (Entry lost : batch) {
          dropped.addAndGet(lost.batch().size());
          queuedRows.addAndGet(-lost.batch().size());
        }
        batch.clear();
        LOG.log(System.Logger.Level.ERROR, "prediction log: cannot write to " + root, e);
      }
    }
    closeFiles();
  }

  private void write(Entry e) throws IOException {
    String hour = HOUR.format(Instant.ofEpochMilli(e.epochMillis()));
    if (!hour.equals(openHour)) {
      closeFiles(); // an hour's files are finished when the next hour starts
      openHour = hour;
    }
    Path file =
        root.resolve("model=" + safe(e.model().name()))
            .resolve("hour=" + hour)
            .resolve(writerName + ".jsonl");
    JsonGenerator g = open.get(file);
    if (g == null) {
      Files.createDirectories(file.getParent());
      OutputStream out =
          new java.io.BufferedOutputStream(
              Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
              1 << 16);
      g = JSON.createGenerator(out);
      open.put(file, g);
    }
    String time = Instant.ofEpochMilli(e.epochMillis()).toString();
    ServedModel model = e.model();
    int width = model.predictor().width();
    double latencyMs = e.nanos() / 1e6;
    for (int r = 0; r < e.batch().size(); r++) {
      g.writeStartObject();
      g.writeStringField("id", e.id());
      g.writeNumberField("row", r);
      g.writeStringField("time", time);
      g.writeStringField("model", model.name());
      g.writeStringField("version", model.version());
      g.writeObjectFieldStart("inputs");
      Object[] row = e.batch().row(r);
      for (InputField f : model.inputs()) {
        g.writeFieldName(f.name());
        Object v = row[f.position()];
        if (v == null) {
          g.writeNull();
        } else if (f.type() == dev.kiln.core.frame.ColumnType.TIMESTAMP) {
          long micros = (Long) v;
          g.writeString(
              Instant.ofEpochSecond(
                      Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L)
                  .toString());
        } else if (v instanceof Long) {
          g.writeNumber((Long) v);
        } else if (v instanceof Double) {
          g.writeNumber((Double) v);
        } else if (v instanceof Boolean) {
          g.writeBoolean((Boolean) v);
        } else {
          g.writeString(v.toString());
        }
      }
      g.writeEndObject();
      g.writeObjectFieldStart("outputs");
      Outputs.writeLogged(g, model, e.outputs(), r * width);
      g.writeEndObject();
      g.writeNumberField("latency_ms", latencyMs);
      g.writeEndObject();
      g.writeRaw('\n');
      written.incrementAndGet();
    }
  }

  private void flush() {
    for (JsonGenerator out : open.values()) {
      try {
        out.flush();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.ERROR, "prediction log: cannot flush", e);
      }
    }
  }

  private void closeFiles() {
    for (JsonGenerator out : open.values()) {
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
