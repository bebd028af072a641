import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Splits DuckDB's JDBC jar in the CLI distribution into a jar without native libraries and this
 * platform's library beside it, where the driver looks when its jar has none. Run by ./kiln once
 * after a build: otherwise every start inflates and writes the 70 MB library to a temporary file,
 * about a second of CPU (as long as pandas takes to import).
 *
 * <p>Usage: {@code java SplitDuckDbNative.java JAR LIBRARY-NAME}; replaces JAR with
 * {@code <name>-nolib.jar} and LIBRARY-NAME (e.g. libduckdb_java.so_linux_amd64) in its folder.
 */
public final class SplitDuckDbNative {
  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    String library = args[1];
    Path dir = jar.toAbsolutePath().getParent();
    String name = jar.getFileName().toString();
    Path nolib = dir.resolve(name.substring(0, name.length() - ".jar".length()) + "-nolib.jar");
    Path tmpJar = dir.resolve(nolib.getFileName() + ".tmp");
    Path tmpLib = dir.resolve(library + ".tmp");
    boolean found = false;
    try (ZipFile zip = new ZipFile(jar.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(tmpJar))) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        if (entry.getName().startsWith("libduckdb_java")) {
          if (entry.getName().equals(library)) {
            try (InputStream in = zip.getInputStream(entry)) {
              Files.copy(in, tmpLib, StandardCopyOption.REPLACE_EXISTING);
            }
            found = true;
          }
          continue;
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        try (InputStream in = zip.getInputStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    if (!found) {
      Files.delete(tmpJar);
      System.err.println("kiln: " + name + " has no " + library + "; leaving it as it is");
      return;
    }
    Files.move(tmpLib, dir.resolve(library), StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmpJar, nolib, StandardCopyOption.REPLACE_EXISTING);
    Files.delete(jar);
  }
}
