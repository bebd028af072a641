package dev.kiln.core.bundle;

import dev.kiln.core.UserException;
import java.nio.file.Path;

/** File names inside a bundle, and the rule every listed name must follow. */
final class BundleLayout {
  static final String MANIFEST = "kiln-model.json";

  /** The manifest's own SHA-256 in {@code sha256sum} format, so editing the manifest is caught. */
  static final String MANIFEST_SUM = "kiln-model.json.sha256";

  static final String ZIP_SUFFIX = ".kiln";

  private BundleLayout() {}

  static boolean isZip(Path path) {
    return path.getFileName().toString().endsWith(ZIP_SUFFIX);
  }

  /** A bundle file name is one plain name: no folders, no "..", not the manifest's own names. */
  static void checkName(String name, String bundle) {
    boolean plain =
        !name.isEmpty()
            && !name.contains("/")
            && !name.contains("\\")
            && !name.equals(".")
            && !name.equals("..")
            && !name.equals(MANIFEST)
            && !name.equals(MANIFEST_SUM);
    if (!plain) {
      throw new UserException(
          "bundle "
              + bundle
              + ": file name '"
              + name
              + "' is not allowed (one plain file name per"
              + " file, not the manifest's)");
    }
  }

  static String sumLine(String hex) {
    return hex + "  " + MANIFEST + "\n";
  }
}
