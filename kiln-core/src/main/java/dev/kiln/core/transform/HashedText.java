package dev.kiln.core.transform;

import dev.kiln.core.UserException;
import dev.kiln.core.frame.ColumnType;
import java.util.Set;

/**
 * Word and/or character n-grams of a text, hashed with MurmurHash3 (32-bit, seed {@code seed}) into
 * {@code buckets} features that hold counts or term frequencies. Text is lower-cased (root locale);
 * words are runs of letters and digits; character n-grams run over the whole lower-cased text. A
 * null or empty text gives zeros. Nothing is learnt: the hash needs no vocabulary.
 *
 * @param buckets number of features
 * @param wordMin shortest word n-gram (0 with {@code wordMax} 0: no word n-grams)
 * @param wordMax longest word n-gram
 * @param charMin shortest character n-gram (0 with {@code charMax} 0: no character n-grams)
 * @param charMax longest character n-gram
 * @param termFrequency counts divided by the number of n-grams in the text, instead of counts
 * @param seed the hash seed
 */
public record HashedText(
    int buckets,
    int wordMin,
    int wordMax,
    int charMin,
    int charMax,
    boolean termFrequency,
    int seed)
    implements Transform {
  public static final int DEFAULT_BUCKETS = 128;

  public HashedText {
    if (buckets < 1) {
      throw new UserException("hashed_text buckets must be positive but was " + buckets);
    }
    checkRange("word", wordMin, wordMax);
    checkRange("char", charMin, charMax);
    if (wordMax == 0 && charMax == 0) {
      throw new UserException("hashed_text needs word or char n-grams but both ranges were 0..0");
    }
  }

  private static void checkRange(String what, int min, int max) {
    boolean off = min == 0 && max == 0;
    if (!off && (min < 1 || max < min)) {
      throw new UserException(
          "hashed_text "
              + what
              + " n-gram range must be 1 <= min <= max (or 0..0 for none) but was "
              + min
              + ".."
              + max);
    }
  }

  /** Word unigrams and bigrams, counts, {@value #DEFAULT_BUCKETS} buckets, seed 0. */
  public static HashedText defaults() {
    return new HashedText(DEFAULT_BUCKETS, 1, 2, 0, 0, false, 0);
  }

  /** Word n-grams only, counts, {@value #DEFAULT_BUCKETS} buckets, seed 0. */
  public static HashedText words(int min, int max) {
    return new HashedText(DEFAULT_BUCKETS, min, max, 0, 0, false, 0);
  }

  /** Character n-grams only, counts, {@value #DEFAULT_BUCKETS} buckets, seed 0. */
  public static HashedText chars(int min, int max) {
    return new HashedText(DEFAULT_BUCKETS, 0, 0, min, max, false, 0);
  }

  public HashedText withBuckets(int n) {
    return new HashedText(n, wordMin, wordMax, charMin, charMax, termFrequency, seed);
  }

  public HashedText withWords(int min, int max) {
    return new HashedText(buckets, min, max, charMin, charMax, termFrequency, seed);
  }

  public HashedText withChars(int min, int max) {
    return new HashedText(buckets, wordMin, wordMax, min, max, termFrequency, seed);
  }

  public HashedText withTermFrequency(boolean tf) {
    return new HashedText(buckets, wordMin, wordMax, charMin, charMax, tf, seed);
  }

  @Override
  public String kind() {
    return "hashed_text";
  }

  @Override
  public Set<ColumnType> accepts() {
    return Set.of(ColumnType.TEXT, ColumnType.CATEGORICAL);
  }
}
