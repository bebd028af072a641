package dev.kiln.store;

import dev.kiln.store.Rows.AuditRow;
import dev.kiln.store.Rows.ModelRow;
import dev.kiln.store.Rows.VersionRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The model registry over JDBC. Each change, and its audit row, is one transaction. A change to a
 * model first touches the model's row ({@code last_updated_time}): that takes PostgreSQL's row lock
 * and SQLite's write lock, so two registrations of the same model get versions one after the other,
 * and it tells whether the model exists.
 */
final class JdbcRegistry implements RegistryStore {
  private final Db db;
  private final Clock clock;
  private final ArtifactStore artifacts;

  JdbcRegistry(Db db, Clock clock, ArtifactStore artifacts) {
    this.db = db;
    this.clock = clock;
    this.artifacts = artifacts;
  }

  @Override
  public RegisteredModel createRegisteredModel(String name, String description, Change change) {
    Checks.name("A registered model", name);
    long now = clock.millis();
    return db.write(
        c -> {
          if (Sql.one(c, "SELECT 1 FROM registered_models WHERE name = ?", rs -> 1, name)
              .isPresent()) {
            throw StoreException.exists("A registered model named '%s' already exists.", name);
          }
          Sql.update(
              c,
              "INSERT INTO registered_models (name, creation_time, last_updated_time, description)"
                  + " VALUES (?, ?, ?, ?)",
              name,
              now,
              now,
              description);
          audit(c, now, change, "CREATE_MODEL", name, null, "created");
          return model(c, name);
        },
        () -> StoreException.exists("A registered model named '%s' already exists.", name));
  }

  @Override
  public RegisteredModel getRegisteredModel(String name) {
    return db.read(c -> model(c, name));
  }

  private static RegisteredModel model(Connection c, String name) throws SQLException {
    ModelRow row =
        Sql.one(
                c,
                "SELECT " + ModelRow.COLUMNS + " FROM registered_models WHERE name = ?",
                ModelRow::read,
                name)
            .orElseThrow(() -> StoreException.notFound("No registered model named '%s'.", name));
    return toModel(c, row);
  }

  private static RegisteredModel toModel(Connection c, ModelRow row) throws SQLException {
    Map<String, String> tags = new HashMap<>();
    for (String[] kv :
        Sql.list(
            c,
            "SELECT key, value FROM registered_model_tags WHERE name = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            row.name())) {
      tags.put(kv[0], kv[1]);
    }
    Map<String, Integer> aliases = new HashMap<>();
    for (Object[] a :
        Sql.list(
            c,
            "SELECT alias, version FROM registered_model_aliases WHERE name = ?",
            rs -> new Object[] {rs.getString(1), rs.getInt(2)},
            row.name())) {
      aliases.put((String) a[0], (Integer) a[1]);
    }
    int latest =
        Sql.one(
                c,
                "SELECT COALESCE(MAX(version), 0) FROM model_versions WHERE name = ?",
                rs -> rs.getInt(1),
                row.name())
            .orElse(0);
    return row.toDomain(tags, aliases, latest);
  }

  @Override
  public Page<RegisteredModel> searchRegisteredModels(
      String filter, int maxResults, String pageToken) {
    if (maxResults < 1 || maxResults > RunSearch.MAX_RESULTS) {
      throw StoreException.invalid(
          "max_results must be between 1 and %d but was %d.", RunSearch.MAX_RESULTS, maxResults);
    }
    int offset = PageToken.offset(pageToken);
    StringBuilder sql =
        new StringBuilder("SELECT " + ModelRow.COLUMNS + " FROM registered_models WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    for (SearchFilter.Clause cl : SearchFilter.parse(filter)) {
      if (cl.entity() == SearchFilter.Entity.ATTRIBUTE && cl.key().equals("name")) {
        sql.append(" AND ");
        RunQuery.stringComparison(cl, "name", sql, args, "attribute");
      } else if (cl.entity() == SearchFilter.Entity.TAG) {
        sql.append(" AND name IN (SELECT k.name FROM registered_model_tags k WHERE k.key = ? AND ");
        args.add(cl.key());
        RunQuery.stringComparison(cl, "k.value", sql, args, "tag");
        sql.append(")");
      } else {
        throw StoreException.invalid(
            "Registered models can be filtered by name and tags.<key>, not by '%s' (position %d).",
            cl.key(), cl.position());
      }
    }
    sql.append(" ORDER BY name LIMIT ").append(maxResults + 1).append(" OFFSET ").append(offset);
    return db.read(
        c -> {
          List<ModelRow> rows = Sql.list(c, sql.toString(), ModelRow::read, args);
          List<RegisteredModel> out = new ArrayList<>();
          for (ModelRow r : rows.subList(0, Math.min(rows.size(), maxResults))) {
            out.add(toModel(c, r));
          }
          return new Page<>(
              out, rows.size() > maxResults ? PageToken.of(offset + maxResults) : null);
        });
  }

  @Override
  public RegisteredModel renameRegisteredModel(String name, String newName, Change change) {
    Checks.name("A registered model", newName);
    long now = clock.millis();
    return db.write(
        c -> {
          touch(c, name, now);
          if (Sql.one(c, "SELECT 1 FROM registered_models WHERE name = ?", rs -> 1, newName)
              .isPresent()) {
            throw StoreException.exists("A registered model named '%s' already exists.", newName);
          }
          Sql.update(c, "UPDATE registered_models SET name = ? WHERE name = ?", newName, name);
          audit(c, now, change, "RENAME_MODEL", newName, null, name + " -> " + newName);
          return model(c, newName);
        });
  }

  @Override
  public RegisteredModel updateRegisteredModel(String name, String description, Change change) {
    long now = clock.millis();
    return db.write(
        c -> {
          touch(c, name, now);
          Sql.update(
              c, "UPDATE registered_models SET description = ? WHERE name = ?", description, name);
          audit(
              c, now, change, "UPDATE_MODEL_DESCRIPTION", name, null, String.valueOf(description));
          return model(c, name);
        });
  }

  @Override
  public void deleteRegisteredModel(String name, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          Sql.update(c, "DELETE FROM registered_models WHERE name = ?", name);
          audit(c, now, change, "DELETE_MODEL", name, null, "deleted with its versions");
          return null;
        });
  }

  @Override
  public void setRegisteredModelTag(String name, Tag tag, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          Sql.update(
              c,
              "INSERT INTO registered_model_tags (name, key, value) VALUES (?, ?, ?) ON CONFLICT"
                  + " (name, key) DO UPDATE SET value = excluded.value",
              name,
              tag.key(),
              tag.value());
          audit(c, now, change, "SET_MODEL_TAG", name, null, tag.key() + "=" + tag.value());
          return null;
        });
  }

  @Override
  public void deleteRegisteredModelTag(String name, String key, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          if (Sql.update(
                  c, "DELETE FROM registered_model_tags WHERE name = ? AND key = ?", name, key)
              == 0) {
            throw StoreException.notFound("No tag '%s' on registered model '%s'.", key, name);
          }
          audit(c, now, change, "DELETE_MODEL_TAG", name, null, key);
          return null;
        });
  }

  @Override
  public ModelVersion createModelVersion(NewModelVersion v, Change change) {
    if (v.bundleDigest() != null && !artifacts.contains(v.bundleDigest())) {
      throw StoreException.invalid(
          "The bundle %s is not in the artifact store; put the verified bundle there first.",
          v.bundleDigest());
    }
    long now = clock.millis();
    return db.write(
        c -> {
          touch(c, v.name(), now);
          if (v.runId() != null
              && Sql.one(c, "SELECT 1 FROM runs WHERE run_uuid = ?", rs -> 1, v.runId())
                  .isEmpty()) {
            throw StoreException.notFound(
                "No run with id '%s' to register model '%s' from.", v.runId(), v.name());
          }
          int version =
              Sql.one(
                      c,
                      "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions WHERE name = ?",
                      rs -> rs.getInt(1),
                      v.name())
                  .orElse(1);
          Sql.update(
              c,
              "INSERT INTO model_versions (name, version, creation_time, last_updated_time,"
                  + " description, user_id, source, run_id, status, status_message, bundle_digest)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'READY', NULL, ?)",
              v.name(),
              version,
              now,
              now,
              v.description(),
              change.who(),
              v.source(),
              v.runId(),
              v.bundleDigest());
          for (Tag t : v.tags()) {
            Sql.update(
                c,
                "INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (name, version, key) DO UPDATE SET value = excluded.value",
                v.name(),
                version,
                t.key(),
                t.value());
          }
          audit(
              c,
              now,
              change,
              "CREATE_MODEL_VERSION",
              v.name(),
              version,
              "source=" + v.source() + " run=" + v.runId() + " bundle=" + v.bundleDigest());
          return version(c, v.name(), version);
        });
  }

  @Override
  public ModelVersion getModelVersion(String name, int version) {
    return db.read(c -> version(c, name, version));
  }

  private static ModelVersion version(Connection c, String name, int version) throws SQLException {
    VersionRow row =
        Sql.one(
                c,
                "SELECT "
                    + VersionRow.COLUMNS
                    + " FROM model_versions WHERE name = ? AND version = ?",
                VersionRow::read,
                name,
                version)
            .orElseThrow(() -> missingVersion(c, name, version));
    return toVersion(c, row);
  }

  private static StoreException missingVersion(Connection c, String name, int version) {
    try {
      if (Sql.one(c, "SELECT 1 FROM registered_models WHERE name = ?", rs -> 1, name).isEmpty()) {
        return StoreException.notFound("No registered model named '%s'.", name);
      }
    } catch (SQLException e) {
      // fall back to the plainer message
    }
    return StoreException.notFound("Registered model '%s' has no version %d.", name, version);
  }

  private static ModelVersion toVersion(Connection c, VersionRow row) throws SQLException {
    Map<String, String> tags = new HashMap<>();
    for (String[] kv :
        Sql.list(
            c,
            "SELECT key, value FROM model_version_tags WHERE name = ? AND version = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            row.name(),
            row.version())) {
      tags.put(kv[0], kv[1]);
    }
    List<String> aliases =
        Sql.list(
            c,
            "SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ? ORDER BY"
                + " alias",
            rs -> rs.getString(1),
            row.name(),
            row.version());
    return row.toDomain(tags, aliases);
  }

  @Override
  public List<ModelVersion> modelVersions(String name) {
    return db.read(
        c -> {
          model(c, name);
          return versions(c, "name = ?", name);
        });
  }

  @Override
  public List<ModelVersion> modelVersionsOfRun(String runId) {
    return db.read(c -> versions(c, "run_id = ?", runId));
  }

  private static List<ModelVersion> versions(Connection c, String where, String arg)
      throws SQLException {
    List<ModelVersion> out = new ArrayList<>();
    for (VersionRow r :
        Sql.list(
            c,
            "SELECT "
                + VersionRow.COLUMNS
                + " FROM model_versions WHERE "
                + where
                + " ORDER BY name, version DESC",
            VersionRow::read,
            arg)) {
      out.add(toVersion(c, r));
    }
    return out;
  }

  @Override
  public ModelVersion updateModelVersion(
      String name, int version, String description, Change change) {
    long now = clock.millis();
    return db.write(
        c -> {
          touch(c, name, now);
          version(c, name, version);
          Sql.update(
              c,
              "UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND"
                  + " version = ?",
              description,
              now,
              name,
              version);
          audit(
              c,
              now,
              change,
              "UPDATE_VERSION_DESCRIPTION",
              name,
              version,
              String.valueOf(description));
          return version(c, name, version);
        });
  }

  @Override
  public void deleteModelVersion(String name, int version, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          ModelVersion v = version(c, name, version);
          Sql.update(c, "DELETE FROM model_versions WHERE name = ? AND version = ?", name, version);
          audit(
              c,
              now,
              change,
              "DELETE_MODEL_VERSION",
              name,
              version,
              v.aliases().isEmpty() ? "deleted" : "deleted; aliases removed: " + v.aliases());
          return null;
        });
  }

  @Override
  public void setModelVersionTag(String name, int version, Tag tag, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          version(c, name, version);
          Sql.update(
              c,
              "INSERT INTO model_version_tags (name, version, key, value) VALUES (?, ?, ?, ?) ON"
                  + " CONFLICT (name, version, key) DO UPDATE SET value = excluded.value",
              name,
              version,
              tag.key(),
              tag.value());
          audit(c, now, change, "SET_VERSION_TAG", name, version, tag.key() + "=" + tag.value());
          return null;
        });
  }

  @Override
  public void deleteModelVersionTag(String name, int version, String key, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          version(c, name, version);
          if (Sql.update(
                  c,
                  "DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?",
                  name,
                  version,
                  key)
              == 0) {
            throw StoreException.notFound(
                "No tag '%s' on version %d of registered model '%s'.", key, version, name);
          }
          audit(c, now, change, "DELETE_VERSION_TAG", name, version, key);
          return null;
        });
  }

  @Override
  public void setAlias(String name, String alias, int version, Change change) {
    checkAlias(alias);
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          version(c, name, version);
          Integer before =
              Sql.one(
                      c,
                      "SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?",
                      rs -> rs.getInt(1),
                      name,
                      alias)
                  .orElse(null);
          Sql.update(
              c,
              "INSERT INTO registered_model_aliases (name, alias, version) VALUES (?, ?, ?) ON"
                  + " CONFLICT (name, alias) DO UPDATE SET version = excluded.version",
              name,
              alias,
              version);
          audit(
              c,
              now,
              change,
              "SET_ALIAS",
              name,
              version,
              alias + ": " + (before == null ? "(none)" : before) + " -> " + version);
          return null;
        });
  }

  private static void checkAlias(String alias) {
    Checks.name("An alias", alias);
    if (alias.matches("[vV]\\d+") || alias.equalsIgnoreCase("latest")) {
      throw StoreException.invalid(
          "The alias '%s' is reserved ('latest' and v<number> name versions); choose another.",
          alias);
    }
  }

  @Override
  public void deleteAlias(String name, String alias, Change change) {
    long now = clock.millis();
    db.write(
        c -> {
          touch(c, name, now);
          Integer before =
              Sql.one(
                      c,
                      "SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?",
                      rs -> rs.getInt(1),
                      name,
                      alias)
                  .orElseThrow(
                      () ->
                          StoreException.notFound(
                              "Registered model '%s' has no alias '%s'.", name, alias));
          Sql.update(
              c, "DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?", name, alias);
          audit(c, now, change, "DELETE_ALIAS", name, before, alias + ": " + before + " -> (none)");
          return null;
        });
  }

  @Override
  public ModelVersion getModelVersionByAlias(String name, String alias) {
    return db.read(
        c -> {
          model(c, name);
          int version =
              Sql.one(
                      c,
                      "SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?",
                      rs -> rs.getInt(1),
                      name,
                      alias)
                  .orElseThrow(
                      () ->
                          StoreException.notFound(
                              "Registered model '%s' has no alias '%s'.", name, alias));
          return version(c, name, version);
        });
  }

  @Override
  public List<AuditEntry> audit(String name) {
    return db.read(
        c -> {
          List<AuditEntry> out = new ArrayList<>();
          for (AuditRow r :
              Sql.list(
                  c,
                  "SELECT " + AuditRow.COLUMNS + " FROM audit_log WHERE model_name = ? ORDER BY id",
                  AuditRow::read,
                  name)) {
            out.add(r.toDomain());
          }
          if (out.isEmpty()) {
            model(c, name);
          }
          return out;
        });
  }

  @Override
  public Lineage lineage(String name, int version) {
    return db.read(
        c -> {
          ModelVersion v = version(c, name, version);
          Run run = v.runId() == null ? null : JdbcTracking.runOrNull(c, v.runId());
          return new Lineage(
              v,
              run,
              run == null ? List.of() : run.inputs(),
              run == null ? null : run.tags().get(Lineage.GIT_COMMIT));
        });
  }

  /** Stamps the model's update time; throws when there is no such model. */
  private static void touch(Connection c, String name, long now) throws SQLException {
    if (Sql.update(
            c, "UPDATE registered_models SET last_updated_time = ? WHERE name = ?", now, name)
        == 0) {
      throw StoreException.notFound("No registered model named '%s'.", name);
    }
  }

  private static void audit(
      Connection c,
      long now,
      Change change,
      String action,
      String name,
      Integer version,
      String detail)
      throws SQLException {
    Sql.update(
        c,
        "INSERT INTO audit_log (at, who, action, model_name, version, detail, why) VALUES"
            + " (?, ?, ?, ?, ?, ?, ?)",
        now,
        change.who(),
        action,
        name,
        version,
        detail,
        change.why());
  }
}
