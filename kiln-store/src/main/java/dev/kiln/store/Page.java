package dev.kiln.store;

import java.util.List;

/**
 * One page of a search; {@code nextPageToken} is null on the last page, else an opaque token to
 * pass back for the next one.
 */
public record Page<T>(List<T> items, String nextPageToken) {
  public Page {
    items = List.copyOf(items);
  }
}
