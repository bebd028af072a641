package dev.kiln.store;

import dev.kiln.core.SystemException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Artifacts in a folder, named by content: {@code <root>/sha256/ab/cdef…} for the digest {@code
 * sha256:abcdef…}. A put writes a temporary file in the same folder tree and renames it into place,
 * so a reader never sees half a file and two writers of the same content both succeed.
 */
final class FolderArtifactStore implements ArtifactStore {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
  private final Path root;

  FolderArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String put(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return put(in);
    } catch (IOException e) {
      throw new dev.kiln.core.UserException("Cannot read artifact file " + file + ": " + e, e);
    }
  }

  @Override
  public String put(InputStream content) {
    try {
      Path tmpDir = root.resolve("tmp");
      Files.createDirectories(tmpDir);
      Path tmp = Files.createTempFile(tmpDir, "put-", ".part");
      try {
        MessageDigest md = sha256();
        try (OutputStream out = Files.newOutputStream(tmp);
            DigestInputStream in = new DigestInputStream(content, md)) {
          in.transferTo(out);
        }
        String digest = "sha256:" + HexFormat.of().formatHex(md.digest());
        Path target = file(digest);
        if (!Files.exists(target)) {
          Files.createDirectories(target.getParent());
          move(tmp, target);
        }
        return digest;
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new SystemException("Cannot write an artifact under " + root + ": " + e, e);
    }
  }

  private static void move(Path tmp, Path target) throws IOException {
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      // another writer stored the same content first: same bytes, nothing to do
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the artifact folder does not support atomic renames", e);
    }
  }

  @Override
  public InputStream open(String digest) {
    Path f = file(digest);
    if (!Files.exists(f)) {
      throw StoreException.notFound("No artifact with digest %s in %s.", digest, root);
    }
    try {
      MessageDigest md = sha256();
      try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      String actual = "sha256:" + HexFormat.of().formatHex(md.digest());
      if (!actual.equals(digest)) {
        throw new StoreException(
            ErrorCode.INVALID_STATE,
            "The artifact "
                + f
                + " no longer matches its digest: expected "
                + digest
                + " but its content hashes to "
                + actual
                + ". The file was changed or damaged; it is not read.");
      }
      return Files.newInputStream(f);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read artifact " + f, e);
    }
  }

  /** The stored file itself, after checking its content still matches the digest. */
  @Override
  public Path localFile(String digest) {
    try (InputStream checked = open(digest)) {
      return file(digest);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read artifact " + file(digest), e);
    }
  }

  @Override
  public boolean contains(String digest) {
    return Files.isRegularFile(file(digest));
  }

  private Path file(String digest) {
    if (digest == null || !DIGEST.matcher(digest).matches()) {
      throw StoreException.invalid(
          "An artifact digest is 'sha256:' and 64 lowercase hex digits, but was '%s'.", digest);
    }
    String hex = digest.substring("sha256:".length());
    return root.resolve("sha256").resolve(hex.substring(0, 2)).resolve(hex.substring(2));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new SystemException("SHA-256 is not available on this JVM", e);
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
