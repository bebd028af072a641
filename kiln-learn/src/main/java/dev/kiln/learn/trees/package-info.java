/**
 * Kiln's own evaluator of gradient-boosted tree ensembles: reads LightGBM's text model and
 * XGBoost's JSON model into flat arrays and predicts in Java, exactly as the libraries do (see
 * {@link dev.kiln.learn.trees.Ensemble}).
 */
package dev.kiln.learn.trees;
