/**
 * Learner adapters: LightGBM, XGBoost, liblinear (logistic and linear regression) and k-means.
 * {@link dev.kiln.learn.Learners} is the public face: it creates a learner by name and loads a
 * saved model back. The adapters themselves are package-private.
 */
package dev.kiln.learn;
