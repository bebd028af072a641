package dev.kiln.core.transform;

import java.util.ArrayList;
import java.util.List;

/** Splits text into words: maximal runs of letters and digits (Unicode), nothing else kept. */
final class Tokens {
  private Tokens() {}

  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    int start = -1;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      boolean inWord = Character.isLetterOrDigit(cp);
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(text.substring(start, i));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      words.add(text.substring(start));
    }
    return words;
  }
}
