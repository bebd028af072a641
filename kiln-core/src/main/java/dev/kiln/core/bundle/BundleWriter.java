package dev.kiln.core.bundle;

import dev.kiln.core.UserException;
import dev.kiln.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a bundle as a folder, or as the same folder zipped when the target ends in {@code .kiln}.
 * The bundle appears whole or not at all: it is assembled under a temporary name beside the target
 * and moved into place, replacing an older bundle of the same name only at that last step.
 */
public final class BundleWriter {
  private BundleWriter() {}

  /**
   * @param manifest the manifest; its {@code files} are filled in here
   * @param files the bundle's other files: name in the bundle → where the content is now
   */
  public static BundleManifest write(
      Path target, BundleManifest manifest, Map<String, Path> files) {
    Path dir = target.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UserException(
          "cannot write bundle " + target + ": the folder " + dir + " does not exist");
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Path> f : files.entrySet()) {
        BundleLayout.checkName(f.getKey(), target.toString());
        hashes.put(f.getKey(), Sha256.of(f.getValue()));
      }
      BundleManifest complete = manifest.withFiles(hashes);
      byte[] json = Json.mapper().writeValueAsBytes(complete);
      byte[] sum = BundleLayout.sumLine(Sha256.of(json)).getBytes(StandardCharsets.UTF_8);
      Path tmp = Files.createTempDirectory(dir, "." + target.getFileName() + ".");
      try {
        Path staged = tmp.resolve(target.getFileName());
        if (BundleLayout.isZip(target)) {
          zip(staged, json, sum, files);
        } else {
          Files.createDirectory(staged);
          Files.write(staged.resolve(BundleLayout.MANIFEST), json);
          Files.write(staged.resolve(BundleLayout.MANIFEST_SUM), sum);
          for (Map.Entry<String, Path> f : files.entrySet()) {
            Files.copy(f.getValue(), staged.resolve(f.getKey()));
          }
        }
        replace(staged, target, tmp);
      } finally {
        deleteTree(tmp);
      }
      return complete;
    } catch (IOException e) {
      throw new UserException("cannot write bundle " + target + ": " + e.getMessage(), e);
    }
  }

  private static void zip(Path zipFile, byte[] json, byte[] sum, Map<String, Path> files)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(zipFile);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      put(zip, BundleLayout.MANIFEST, json);
      put(zip, BundleLayout.MANIFEST_SUM, sum);
      for (Map.Entry<String, Path> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(f.getKey()));
        Files.copy(f.getValue(), zip);
        zip.closeEntry();
      }
    }
  }

  private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }

  /** Moves the staged bundle to the target; an older bundle there is moved aside first. */
  private static void replace(Path staged, Path target, Path tmp) throws IOException {
    if (Files.exists(target)) {
      Files.move(target, tmp.resolve("previous"), StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a folder and everything in it (nothing when it does not exist). */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
