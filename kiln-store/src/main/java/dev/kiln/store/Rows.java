package dev.kiln.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The tables' rows as read from JDBC, and their conversion to the public records, in one place. The
 * row types follow the columns (ids as stored, flags as 0/1, stages as text); the records follow
 * MLflow's entities.
 */
final class Rows {
  private Rows() {}

  record ExperimentRow(
      long id,
      String name,
      String artifactLocation,
      String lifecycleStage,
      long creationTime,
      long lastUpdateTime) {
    static final String COLUMNS =
        "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time";

    static ExperimentRow read(ResultSet rs) throws SQLException {
      return new ExperimentRow(
          rs.getLong(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getLong(5),
          rs.getLong(6));
    }

    Experiment toDomain(Map<String, String> tags) {
      return new Experiment(
          Long.toString(id),
          name,
          artifactLocation,
          LifecycleStage.fromWire(lifecycleStage),
          creationTime,
          lastUpdateTime,
          tags);
    }
  }

  record RunRow(
      String runUuid,
      String name,
      long experimentId,
      String userId,
      String status,
      long startTime,
      Long endTime,
      String lifecycleStage,
      String artifactUri,
      String parentRunUuid) {
    static final String COLUMNS =
        "r.run_uuid, r.name, r.experiment_id, r.user_id, r.status, r.start_time, r.end_time,"
            + " r.lifecycle_stage, r.artifact_uri, r.parent_run_uuid";

    static RunRow read(ResultSet rs) throws SQLException {
      return new RunRow(
          rs.getString(1),
          rs.getString(2),
          rs.getLong(3),
          rs.getString(4),
          rs.getString(5),
          rs.getLong(6),
          Sql.nullableLong(rs, "end_time"),
          rs.getString(8),
          rs.getString(9),
          rs.getString(10));
    }

    RunInfo toDomain() {
      return new RunInfo(
          runUuid,
          name,
          Long.toString(experimentId),
          userId,
          RunStatus.valueOf(status),
          startTime,
          endTime,
          artifactUri,
          LifecycleStage.fromWire(lifecycleStage),
          parentRunUuid);
    }
  }

  /** A metrics or latest_metrics row; a NaN is stored as value 0 with is_nan 1 (as MLflow). */
  record MetricRow(String runUuid, String key, double value, long timestamp, long step, int isNan) {
    static final String COLUMNS = "run_uuid, key, value, timestamp, step, is_nan";

    static MetricRow read(ResultSet rs) throws SQLException {
      return new MetricRow(
          rs.getString(1),
          rs.getString(2),
          rs.getDouble(3),
          rs.getLong(4),
          rs.getLong(5),
          rs.getInt(6));
    }

    static MetricRow of(String runUuid, Metric m) {
      boolean nan = Double.isNaN(m.value());
      return new MetricRow(
          runUuid, m.key(), nan ? 0.0 : m.value(), m.timestamp(), m.step(), nan ? 1 : 0);
    }

    Object[] args() {
      return new Object[] {runUuid, key, value, timestamp, step, isNan};
    }

    Metric toDomain() {
      return new Metric(key, isNan == 1 ? Double.NaN : value, timestamp, step);
    }
  }

  record DatasetRow(
      String uuid,
      String name,
      String digest,
      String sourceType,
      String source,
      String schema,
      String profile) {
    Dataset toDomain() {
      return new Dataset(name, digest, sourceType, source, schema, profile);
    }
  }

  record ModelRow(String name, long creationTime, long lastUpdatedTime, String description) {
    static final String COLUMNS = "name, creation_time, last_updated_time, description";

    static ModelRow read(ResultSet rs) throws SQLException {
      return new ModelRow(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4));
    }

    RegisteredModel toDomain(
        Map<String, String> tags, Map<String, Integer> aliases, int latestVersion) {
      return new RegisteredModel(
          name, creationTime, lastUpdatedTime, description, tags, aliases, latestVersion);
    }
  }

  record VersionRow(
      String name,
      int version,
      long creationTime,
      long lastUpdatedTime,
      String description,
      String userId,
      String source,
      String runId,
      String status,
      String bundleDigest) {
    static final String COLUMNS =
        "name, version, creation_time, last_updated_time, description, user_id, source, run_id,"
            + " status, bundle_digest";

    static VersionRow read(ResultSet rs) throws SQLException {
      return new VersionRow(
          rs.getString(1),
          rs.getInt(2),
          rs.getLong(3),
          rs.getLong(4),
          rs.getString(5),
          rs.getString(6),
          rs.getString(7),
          rs.getString(8),
          rs.getString(9),
          rs.getString(10));
    }

    ModelVersion toDomain(Map<String, String> tags, List<String> aliases) {
      return new ModelVersion(
          name,
          version,
          creationTime,
          lastUpdatedTime,
          description,
          userId,
          source,
          runId,
          ModelVersionStatus.valueOf(status),
          bundleDigest,
          tags,
          aliases);
    }
  }

  record AuditRow(
      long id,
      long at,
      String who,
      String action,
      String modelName,
      Integer version,
      String detail,
      String why) {
    static final String COLUMNS = "id, at, who, action, model_name, version, detail, why";

    static AuditRow read(ResultSet rs) throws SQLException {
      int v = rs.getInt(6);
      Integer version = rs.wasNull() ? null : v;
      return new AuditRow(
          rs.getLong(1),
          rs.getLong(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          version,
          rs.getString(7),
          rs.getString(8));
    }

    AuditEntry toDomain() {
      return new AuditEntry(id, at, who, action, modelName, version, detail, why);
    }
  }
}
