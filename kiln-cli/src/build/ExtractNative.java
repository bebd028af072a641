import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Copies the native libraries in one folder of a jar to a folder on disk, each written to a
 * temporary file and moved into place. Run by ./kiln once after a build for lightgbm4j, whose
 * loader otherwise writes its libraries to one fixed temporary path at every start: two Kiln
 * processes starting together would overwrite a library the other has mapped (SIGBUS). With the
 * libraries on disk, ./kiln points LIGHTGBM_NATIVE_LIB_PATH at them. The same for sqlite-jdbc, which
 * copies its library to a new temporary file at every start.
 *
 * <p>Usage: {@code java ExtractNative.java JAR FOLDER-IN-JAR OUT-DIR}
 */
public final class ExtractNative {
  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    String prefix = args[1].endsWith("/") ? args[1] : args[1] + "/";
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    int found = 0;
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
        ZipEntry entry = e.nextElement();
        String name = entry.getName();
        if (entry.isDirectory() || !name.startsWith(prefix) || name.indexOf('/', prefix.length()) >= 0) {
          continue;
        }
        Path target = out.resolve(name.substring(prefix.length()));
        Path tmp = out.resolve(target.getFileName() + ".tmp");
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        found++;
      }
    }
    if (found == 0) {
      System.err.println("kiln: no native libraries under " + prefix + " in " + jar);
      System.exit(1);
    }
  }
}
