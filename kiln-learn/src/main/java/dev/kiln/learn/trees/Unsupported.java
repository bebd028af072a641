package dev.kiln.learn.trees;

/**
 * A model uses something Kiln's evaluator does not implement (a categorical split, linear leaves,
 * an objective without a known output transform …); the message says what. The caller predicts
 * through the library instead.
 */
public final class Unsupported extends Exception {
  private static final long serialVersionUID = 1L;

  Unsupported(String message) {
    super(message);
  }
}
