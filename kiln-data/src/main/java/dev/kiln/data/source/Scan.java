package dev.kiln.data.source;

import dev.kiln.core.frame.Frame;
import dev.kiln.core.schema.Schema;

/** A streaming read in progress. Close it to release the engine's resources. */
public interface Scan extends AutoCloseable {
  /** The columns as read; string columns are provisional when {@link #stringTypesInferred()}. */
  Schema schema();

  /** True when no schema file fixed the categorical/text type of string columns. */
  boolean stringTypesInferred();

  /** The next batch, or null when the rows are exhausted. */
  Frame next();

  @Override
  void close();
}
