package dev.kiln.core.learn;

/**
 * Told after each unit of training work (a tree, a round, an iteration) so a caller can show a bar
 * with an ETA. Called on the training thread; keep it quick.
 */
@FunctionalInterface
public interface Progress {
  /** Ignores every update. */
  Progress NONE = (done, total) -> {};

  /**
   * {@code done} units of at most {@code total} are finished; training may stop early (early
   * stopping, convergence), so the last call may have {@code done < total}.
   */
  void update(int done, int total);
}
