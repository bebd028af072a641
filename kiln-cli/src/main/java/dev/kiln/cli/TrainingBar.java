package dev.kiln.cli;

import java.util.Locale;

/** A progress bar for training, made when the learner first says how many trees it will build. */
final class TrainingBar implements AutoCloseable {
  private final String label;
  private final String unit;
  private Progress progress;
  private int done;

  TrainingBar(String learner) {
    this("training", learner);
  }

  TrainingBar(String label, String learner) {
    String l = learner.trim().toLowerCase(Locale.ROOT);
    this.label = label;
    this.unit = l.equals("lightgbm") || l.equals("xgboost") ? "trees" : "iterations";
  }

  void update(int now, int total) {
    if (progress == null) {
      progress = new Progress(label, unit, total);
    }
    progress.advance(now - done);
    done = now;
  }

  @Override
  public void close() {
    if (progress != null) {
      progress.close();
    }
  }
}
