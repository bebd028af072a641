package dev.kiln.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque page token: the offset of the next page, base64url-encoded. Public so the HTTP API
 * pages the lists it assembles itself with the same tokens.
 */
public final class PageToken {
  private static final String PREFIX = "kiln-offset:";

  private PageToken() {}

  /** The token of the page that starts at {@code offset}. */
  public static String of(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token names; 0 for none; an INVALID_PARAMETER_VALUE error for a bad one. */
  public static int offset(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (s.startsWith(PREFIX)) {
        int offset = Integer.parseInt(s.substring(PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw StoreException.invalid(
        "Invalid page token '%s': pass back the next_page_token of the previous page.", token);
  }
}
