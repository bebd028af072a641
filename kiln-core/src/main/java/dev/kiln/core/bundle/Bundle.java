package dev.kiln.core.bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.UserException;
import dev.kiln.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A model bundle opened for reading, after verification: the manifest's own checksum matches, its
 * format version is one this Kiln reads, and every file it lists is present with the SHA-256 it
 * lists. A bundle that fails any check is refused with a message that says what is wrong. A zipped
 * bundle is unpacked to a temporary folder, removed on {@link #close()}.
 */
public final class Bundle implements AutoCloseable {
  private final Path source;
  private final Path root;
  private final boolean unpacked;
  private final BundleManifest manifest;

  private Bundle(Path source, Path root, boolean unpacked, BundleManifest manifest) {
    this.source = source;
    this.root = root;
    this.unpacked = unpacked;
    this.manifest = manifest;
  }

  /** Opens and verifies the bundle at {@code path} (a folder, or a {@code .kiln} zip). */
  public static Bundle open(Path path) {
    if (!Files.exists(path)) {
      throw new UserException("model bundle not found: " + path);
    }
    if (Files.isDirectory(path)) {
      return new Bundle(path, path, false, verify(path, path));
    }
    Path dir = unzip(path);
    try {
      return new Bundle(path, dir, true, verify(path, dir));
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
  }

  public BundleManifest manifest() {
    return manifest;
  }

  /** The verified file {@code name} of the bundle. */
  public Path file(String name) {
    if (!manifest.files().containsKey(name)) {
      throw new UserException("bundle " + source + " has no file '" + name + "'");
    }
    return root.resolve(name);
  }

  private static BundleManifest verify(Path source, Path dir) {
    Path manifestFile = dir.resolve(BundleLayout.MANIFEST);
    if (!Files.isRegularFile(manifestFile)) {
      throw new UserException(
          source + " is not a Kiln model bundle: it has no " + BundleLayout.MANIFEST);
    }
    try {
      byte[] json = Files.readAllBytes(manifestFile);
      checkManifestSum(source, dir, json);
      JsonNode tree = parse(source, json);
      int version = tree.path("format_version").asInt(-1);
      if (version < 1) {
        throw new UserException(
            source
                + ": "
                + BundleLayout.MANIFEST
                + " has no valid format_version; it was not"
                + " written by Kiln");
      }
      if (version > BundleManifest.FORMAT_VERSION) {
        throw new UserException(
            source
                + " has bundle format version "
                + version
                + ", but this Kiln reads versions up"
                + " to "
                + BundleManifest.FORMAT_VERSION
                + "; upgrade Kiln to load it");
      }
      BundleManifest manifest = Json.mapper().treeToValue(tree, BundleManifest.class);
      for (Map.Entry<String, String> f : manifest.files().entrySet()) {
        BundleLayout.checkName(f.getKey(), source.toString());
        checkFile(source, dir.resolve(f.getKey()), f.getKey(), f.getValue());
      }
      return manifest;
    } catch (JsonProcessingException e) {
      throw new UserException(
          source
              + ": "
              + BundleLayout.MANIFEST
              + " does not fit the bundle format: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UserException("cannot read bundle " + source + ": " + e.getMessage(), e);
    }
  }

  private static void checkManifestSum(Path source, Path dir, byte[] json) throws IOException {
    Path sumFile = dir.resolve(BundleLayout.MANIFEST_SUM);
    if (!Files.isRegularFile(sumFile)) {
      throw new UserException(
          source
              + ": "
              + BundleLayout.MANIFEST_SUM
              + " is missing, so the manifest cannot be"
              + " verified");
    }
    String expected = Files.readString(sumFile, StandardCharsets.UTF_8).strip().split("\\s+")[0];
    String actual = Sha256.of(json);
    if (!actual.equals(expected)) {
      throw new UserException(
          source
              + ": "
              + BundleLayout.MANIFEST
              + " was changed after the bundle was written (its"
              + " SHA-256 is "
              + shortHex(actual)
              + ", the bundle recorded "
              + shortHex(expected)
              + ")");
    }
  }

  private static JsonNode parse(Path source, byte[] json) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new UserException(
          source
              + ": "
              + BundleLayout.MANIFEST
              + where
              + ": not valid JSON: "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UserException("cannot read bundle " + source + ": " + e.getMessage(), e);
    }
  }

  private static void checkFile(Path source, Path file, String name, String expected)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserException(
          source + ": file '" + name + "' listed in " + BundleLayout.MANIFEST + " is missing");
    }
    String actual = Sha256.of(file);
    if (!actual.equals(expected)) {
      throw new UserException(
          source
              + ": file '"
              + name
              + "' ("
              + Files.size(file)
              + " bytes) does not match its"
              + " SHA-256 in "
              + BundleLayout.MANIFEST
              + " (expected "
              + shortHex(expected)
              + ", found "
              + shortHex(actual)
              + "): it was edited or truncated after the bundle"
              + " was written");
    }
  }

  private static String shortHex(String hex) {
    return hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
  }

  private static Path unzip(Path zip) {
    Path dir;
    try {
      dir = Files.createTempDirectory("kiln-bundle-");
    } catch (IOException e) {
      throw new UserException("cannot unpack bundle " + zip + ": " + e.getMessage(), e);
    }
    boolean any = false;
    try (InputStream in = Files.newInputStream(zip);
        ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
        any = true;
        String name = e.getName();
        if (e.isDirectory() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
          throw new UserException(
              zip
                  + ": entry '"
                  + name
                  + "' is not a bundle file (a bundle zip holds plain files only)");
        }
        Files.copy(entries, dir.resolve(name));
      }
    } catch (ZipException e) {
      deleteQuietly(dir);
      throw new UserException(
          zip + " is not a Kiln model bundle: not a valid zip archive (" + e.getMessage() + ")");
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new UserException("cannot unpack bundle " + zip + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
    if (!any) {
      deleteQuietly(dir);
      throw new UserException(
          zip + " is not a Kiln model bundle: not a zip archive, or an empty one");
    }
    return dir;
  }

  private static void deleteQuietly(Path dir) {
    try {
      BundleWriter.deleteTree(dir);
    } catch (IOException ignored) {
      // a temporary folder left behind loses nothing
    }
  }

  @Override
  public void close() {
    if (unpacked) {
      deleteQuietly(root);
    }
  }
}
