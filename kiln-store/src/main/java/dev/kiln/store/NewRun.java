package dev.kiln.store;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TrackingStore#createRun} needs. Build with {@link #in(String)}.
 *
 * @param startTime epoch milliseconds, or null for the store's clock
 * @param runName null for a generated name
 */
public record NewRun(
    String experimentId,
    String runName,
    String userId,
    Long startTime,
    List<Tag> tags,
    String parentRunId) {
  public NewRun {
    tags = List.copyOf(tags);
  }

  /** A run in the given experiment, nothing else set. */
  public static NewRun in(String experimentId) {
    return new NewRun(experimentId, null, null, null, List.of(), null);
  }

  public NewRun named(String name) {
    return new NewRun(experimentId, name, userId, startTime, tags, parentRunId);
  }

  public NewRun by(String user) {
    return new NewRun(experimentId, runName, user, startTime, tags, parentRunId);
  }

  public NewRun startedAt(long epochMillis) {
    return new NewRun(experimentId, runName, userId, epochMillis, tags, parentRunId);
  }

  public NewRun tag(String key, String value) {
    List<Tag> more = new ArrayList<>(tags);
    more.add(new Tag(key, value));
    return new NewRun(experimentId, runName, userId, startTime, more, parentRunId);
  }

  public NewRun childOf(String parent) {
    return new NewRun(experimentId, runName, userId, startTime, tags, parent);
  }
}
