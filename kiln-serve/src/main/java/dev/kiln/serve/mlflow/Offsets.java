package dev.kiln.serve.mlflow;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Page tokens for lists the API pages itself: the next offset, base64url-encoded. */
final class Offsets {
  private static final String PREFIX = "kiln-api-offset:";

  private Offsets() {}

  static String encode(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The offset a token names; 0 for none. */
  static int decode(String token) {
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
      // the error below
    }
    throw new HttpError(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Invalid page token '"
            + token
            + "': pass back the next_page_token of the previous page unchanged.");
  }
}
