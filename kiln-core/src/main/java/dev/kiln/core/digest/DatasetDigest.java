package dev.kiln.core.digest;

import dev.kiln.core.SystemException;
import dev.kiln.core.frame.BooleanColumn;
import dev.kiln.core.frame.Column;
import dev.kiln.core.frame.DoubleColumn;
import dev.kiln.core.frame.Frame;
import dev.kiln.core.frame.LongColumn;
import dev.kiln.core.frame.StringColumn;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;

/**
 * SHA-256 over a canonical encoding of a dataset's content, so the same rows read from CSV and from
 * Parquet give the same digest.
 *
 * <p>Canonical form (version 1): each column is hashed on its own, value by value in row order; the
 * digest is SHA-256 over a version tag, the row count, and each column's name with its hash, in
 * column order. Hashing column by column makes the result independent of how the rows were batched
 * while reading. A value is encoded by what it means, not how it was stored: a number that is a
 * whole value below 2^53 encodes as that integer whether it came as 1 or 1.0; other doubles by
 * their bits, with one NaN and 0.0 for -0.0; categorical and text alike as UTF-8 strings;
 * timestamps as microseconds since the epoch, UTC; null as its own tag.
 */
public final class DatasetDigest {
  private static final String VERSION = "kiln-dataset-digest-v1";
  private static final byte NULL = 0;
  private static final byte INTEGRAL = 1;
  private static final byte DOUBLE = 2;
  private static final byte BOOL = 3;
  private static final byte TIMESTAMP = 4;
  private static final byte STRING = 5;
  private static final double EXACT_LIMIT = 9007199254740992.0; // 2^53
  private static final int PARALLEL_ROWS = 65_536;

  private final List<String> names;
  private final MessageDigest[] columns;
  private long rows;

  public DatasetDigest(List<String> columnNames) {
    this.names = List.copyOf(columnNames);
    this.columns = new MessageDigest[names.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = sha256();
    }
  }

  /** The digest of one frame held in memory. */
  public static String of(Frame frame) {
    DatasetDigest d = new DatasetDigest(frame.columnNames());
    d.update(frame);
    return d.hex();
  }

  /** Adds the next rows; batches must come in order and have the columns named at construction. */
  public void update(Frame batch) {
    // columns are hashed independently: on their own threads when the batch is large
    IntStream each = IntStream.range(0, columns.length);
    (batch.rowCount() >= PARALLEL_ROWS ? each.parallel() : each)
        .forEach(c -> update(c, batch.columns().get(c)));
    addRows(batch.rowCount());
  }

  /**
   * Adds the next values of column {@code index}. Different columns may be updated from different
   * threads at once; call {@link #addRows} once per batch.
   */
  public void update(int index, Column column) {
    if (!column.name().equals(names.get(index))) {
      throw new IllegalArgumentException(
          "column " + index + " is '" + column.name() + "' but was '" + names.get(index) + "'");
    }
    hashColumn(column, columns[index], ByteBuffer.allocate(1 << 14));
  }

  public synchronized void addRows(long count) {
    rows += count;
  }

  /** The digest as {@code sha256:<64 hex digits>}. */
  public synchronized String hex() {
    MessageDigest all = sha256();
    all.update(VERSION.getBytes(StandardCharsets.UTF_8));
    all.update(ByteBuffer.allocate(8).putLong(rows).array());
    for (int c = 0; c < columns.length; c++) {
      byte[] name = names.get(c).getBytes(StandardCharsets.UTF_8);
      all.update(ByteBuffer.allocate(4).putInt(name.length).array());
      all.update(name);
      try {
        all.update(((MessageDigest) columns[c].clone()).digest());
      } catch (CloneNotSupportedException e) {
        throw new SystemException("SHA-256 cannot be cloned on this JVM", e);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(all.digest());
  }

  private static void hashColumn(Column column, MessageDigest md, ByteBuffer buffer) {
    int n = column.size();
    if (column instanceof DoubleColumn d) {
      for (int i = 0; i < n; i++) {
        room(md, buffer, 9);
        if (d.isNull(i)) {
          buffer.put(NULL);
        } else {
          putNumber(buffer, d.value(i));
        }
      }
    } else if (column instanceof LongColumn l) {
      byte tag = l.type().isNumeric() ? INTEGRAL : TIMESTAMP;
      for (int i = 0; i < n; i++) {
        room(md, buffer, 9);
        if (l.isNull(i)) {
          buffer.put(NULL);
        } else {
          buffer.put(tag).putLong(l.value(i));
        }
      }
    } else if (column instanceof BooleanColumn b) {
      for (int i = 0; i < n; i++) {
        room(md, buffer, 2);
        if (b.isNull(i)) {
          buffer.put(NULL);
        } else {
          buffer.put(BOOL).put((byte) (b.value(i) ? 1 : 0));
        }
      }
    } else if (column instanceof StringColumn s) {
      for (int i = 0; i < n; i++) {
        String v = s.value(i);
        if (v == null) {
          room(md, buffer, 1);
          buffer.put(NULL);
          continue;
        }
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        room(md, buffer, 5);
        buffer.put(STRING).putInt(bytes.length);
        if (bytes.length <= buffer.capacity()) {
          room(md, buffer, bytes.length);
          buffer.put(bytes);
        } else {
          flush(md, buffer);
          md.update(bytes);
        }
      }
    }
    flush(md, buffer);
  }

  private static void putNumber(ByteBuffer buffer, double v) {
    if (v == Math.rint(v) && Math.abs(v) <= EXACT_LIMIT) {
      buffer.put(INTEGRAL).putLong((long) v);
    } else if (Double.isNaN(v)) {
      buffer.put(DOUBLE).putLong(Double.doubleToLongBits(Double.NaN));
    } else {
      buffer.put(DOUBLE).putLong(Double.doubleToLongBits(v));
    }
  }

  private static void room(MessageDigest md, ByteBuffer buffer, int bytes) {
    if (buffer.remaining() < bytes) {
      flush(md, buffer);
    }
  }

  private static void flush(MessageDigest md, ByteBuffer buffer) {
    md.update(buffer.array(), 0, buffer.position());
    buffer.clear();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new SystemException("SHA-256 is not available on this JVM", e);
    }
  }
}
