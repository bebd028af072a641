package dev.kiln.learn;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** A library's version as its jar records it (Maven's pom.properties), for provenance. */
final class Versions {
  private Versions() {}

  static String of(Class<?> libraryClass, String groupId, String artifactId) {
    String path = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
    try (InputStream in = libraryClass.getResourceAsStream(path)) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException e) {
      return "unknown";
    }
    String v = libraryClass.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }
}
