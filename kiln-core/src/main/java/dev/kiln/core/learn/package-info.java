/**
 * The learner SPI: a {@link dev.kiln.core.learn.TrainingSet} goes into a {@link
 * dev.kiln.core.learn.Learner}, which fits a {@link dev.kiln.core.learn.Model}. Adapters for the
 * native libraries live in {@code kiln-learn}; nothing here references them.
 */
package dev.kiln.core.learn;
