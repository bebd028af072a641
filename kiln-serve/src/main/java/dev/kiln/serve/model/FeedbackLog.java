package dev.kiln.serve.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The feedback log: outcomes as JSON lines, one line per item, under {@code
 * <dir>/feedback/hour=<yyyy-MM-ddTHH>/<writer>.jsonl} (the hour the feedback arrived, UTC), next to
 * the prediction log, which DuckDB joins on {@code prediction_id = id} and {@code row}:
 *
 * <pre>
 * {"prediction_id":"3b28ee8ef5c1-1f","row":3,"outcome":1,"time":"2026-11-24T05:02:11.204Z","model":"fraud","version":"1"}
 * </pre>
 *
 * <p>Why written and forced to disk before the request is answered, unlike the prediction log's
 * queue: feedback is rare (one request per outcome learned, not per prediction), and it is the
 * scarce half of the join. A request's lines are one {@code write} to a file opened for append,
 * then {@code fsync}; only then is it acknowledged, so acknowledged feedback survives a crash of
 * the process or the machine, and a graceful stop has nothing left to flush. A write that fails
 * part-way is cut back to where it began, so a file never holds half a request.
 */
final class FeedbackLog {
  // One lock for the JVM: two services writing the same folder must not interleave requests.
  private static final ReentrantLock LOCK = new ReentrantLock();
  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();

  private final Path root;
  private final String writer;
  private final AtomicLong written = new AtomicLong();

  /** A log under {@code dir/feedback}, its files named {@code writer}.jsonl. */
  FeedbackLog(Path dir, String writer) {
    if (!writer.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("writer must be a plain file name but was " + writer);
    }
    this.root = dir.resolve("feedback");
    this.writer = writer;
  }

  /** The folder holding the {@code hour=…} partitions. */
  Path root() {
    return root;
  }

  /** Items written so far by this log. */
  long written() {
    return written.get();
  }

  /** Appends the items, received at {@code now}, and forces them to disk; all or none. */
  void write(List<FeedbackRequest.Item> items, Instant now) throws IOException {
    byte[] lines = encode(items, now);
    Path file = root.resolve("hour=" + HOUR.format(now)).resolve(writer + ".jsonl");
    LOCK.lock();
    try {
      Files.createDirectories(file.getParent());
      boolean created = !Files.exists(file);
      try (FileChannel out =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        long start = out.size();
        try {
          ByteBuffer buffer = ByteBuffer.wrap(lines);
          long at = start;
          while (buffer.hasRemaining()) {
            at += out.write(buffer, at);
          }
          out.force(false);
        } catch (IOException e) {
          out.truncate(start);
          throw e;
        }
      }
      if (created) {
        forceFolder(file.getParent()); // the new file's name must survive a crash too
      }
      written.addAndGet(items.size());
    } finally {
      LOCK.unlock();
    }
  }

  private static void forceFolder(Path folder) {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a folder to sync it; the file's own data is already forced.
    }
  }

  private static byte[] encode(List<FeedbackRequest.Item> items, Instant now) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(items.size() * 128);
    String time = now.toString();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.setRootValueSeparator(null);
      for (FeedbackRequest.Item item : items) {
        g.writeStartObject();
        g.writeStringField("prediction_id", item.predictionId());
        g.writeNumberField("row", item.row());
        g.writeFieldName("outcome");
        Object o = item.outcome();
        if (o instanceof Long) {
          g.writeNumber((Long) o);
        } else if (o instanceof Double) {
          g.writeNumber((Double) o);
        } else if (o instanceof Boolean) {
          g.writeBoolean((Boolean) o);
        } else {
          g.writeString(o.toString());
        }
        g.writeStringField("time", time);
        g.writeStringField("model", item.model());
        g.writeStringField("version", item.version());
        g.writeEndObject();
        g.writeRaw('\n');
      }
    }
    return bytes.toByteArray();
  }
}
