package dev.kiln.store;

/**
 * A dataset a run read, identified by name and digest (MLflow's {@code Dataset}).
 *
 * @param digest the dataset digest ({@code sha256:…} from kiln-data)
 * @param sourceType where it came from, e.g. {@code local}, {@code jdbc}, {@code s3}
 * @param schema JSON text, or null
 * @param profile JSON text, or null
 */
public record Dataset(
    String name, String digest, String sourceType, String source, String schema, String profile) {
  public Dataset {
    Checks.name("Dataset", name);
    if (digest == null || digest.isEmpty()) {
      throw StoreException.invalid("Dataset '%s' needs a digest.", name);
    }
    if (sourceType == null || source == null) {
      throw StoreException.invalid("Dataset '%s' needs a source type and a source.", name);
    }
  }
}
