package dev.kiln.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Content-addressed files: the digest ({@code sha256:} and 64 hex digits) of a file's content is
 * its name. Putting the same content twice stores it once. Reading verifies the content against its
 * digest and refuses a file that no longer matches. One method per operation, so that an S3 store
 * can implement it.
 */
public interface ArtifactStore {
  /** Stores the stream's bytes (atomically) and returns their digest. */
  String put(InputStream content);

  /** Stores the file's bytes (atomically) and returns their digest. */
  String put(Path file);

  /**
   * Opens the content with this digest after checking it still matches the digest.
   *
   * @throws StoreException RESOURCE_DOES_NOT_EXIST when absent; INVALID_STATE when the stored bytes
   *     no longer match
   */
  InputStream open(String digest);

  boolean contains(String digest);

  /**
   * A local file with the content, checked against the digest: the stored file itself for a folder
   * store; a store without local files (S3) copies the content into a temporary file, removed when
   * the JVM exits.
   */
  default Path localFile(String digest) {
    try (InputStream in = open(digest)) {
      Path tmp = Files.createTempFile("kiln-artifact-", ".part");
      tmp.toFile().deleteOnExit();
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy artifact " + digest + " to a local file", e);
    }
  }
}
