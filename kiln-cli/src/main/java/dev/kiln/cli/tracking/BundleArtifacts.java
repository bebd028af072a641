package dev.kiln.cli.tracking;

import dev.kiln.core.SystemException;
import dev.kiln.core.bundle.Bundle;
import dev.kiln.core.bundle.BundleManifest;
import dev.kiln.store.ArtifactStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Puts a model bundle into the artifact store as one {@code .kiln} zip. The bundle is verified
 * first (every file against the manifest's SHA-256), so a tampered bundle never enters the store; a
 * folder bundle is zipped with its files in name order and a fixed timestamp, so the same bundle
 * gives the same digest.
 */
public final class BundleArtifacts {
  /** The file name a run's bundle has among the run's artifacts. */
  public static final String RUN_PATH = "model.kiln";

  // 1980-01-01, the earliest time a zip entry can hold: no clock in the archive's bytes.
  private static final long ZIP_EPOCH = 315_532_800_000L;

  private static final String MANIFEST = "kiln-model.json";

  private BundleArtifacts() {}

  /** A bundle as stored: its digest and size in the artifact store, and its manifest. */
  public record Stored(String digest, long size, BundleManifest manifest) {}

  public static Stored put(ArtifactStore artifacts, Path bundle) {
    BundleManifest manifest;
    try (Bundle verified = Bundle.open(bundle)) {
      manifest = verified.manifest();
    }
    try {
      if (!Files.isDirectory(bundle)) {
        return new Stored(artifacts.put(bundle), Files.size(bundle), manifest);
      }
      Path zip = Files.createTempFile("kiln-bundle-", ".kiln");
      try {
        zip(bundle, manifest, zip);
        return new Stored(artifacts.put(zip), Files.size(zip), manifest);
      } finally {
        Files.deleteIfExists(zip);
      }
    } catch (IOException e) {
      throw new SystemException("Cannot store bundle " + bundle + ": " + e.getMessage(), e);
    }
  }

  /** Zips the manifest, its checksum and the files the manifest lists (nothing else). */
  private static void zip(Path folder, BundleManifest manifest, Path zipFile) throws IOException {
    TreeSet<String> names = new TreeSet<>(manifest.files().keySet());
    names.add(MANIFEST);
    names.add(MANIFEST + ".sha256");
    List<Path> files = names.stream().map(folder::resolve).toList();
    try (OutputStream out = Files.newOutputStream(zipFile);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Path f : files) {
        ZipEntry e = new ZipEntry(f.getFileName().toString());
        e.setTime(ZIP_EPOCH);
        zip.putNextEntry(e);
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
  }
}
