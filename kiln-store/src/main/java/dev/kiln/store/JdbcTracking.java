package dev.kiln.store;

import dev.kiln.store.Rows.ExperimentRow;
import dev.kiln.store.Rows.MetricRow;
import dev.kiln.store.Rows.RunRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The tracking store over JDBC; the same SQL runs on SQLite and PostgreSQL. */
final class JdbcTracking implements TrackingStore {
  /** The tag MLflow clients set for a nested run's parent. */
  static final String PARENT_TAG = "mlflow.parentRunId";

  static final String RUN_NAME_TAG = "mlflow.runName";

  private final Db db;
  private final Clock clock;

  JdbcTracking(Db db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  void ensureDefaultExperiment() {
    long now = clock.millis();
    db.write(
        c ->
            Sql.update(
                c,
                "INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage,"
                    + " creation_time, last_update_time) VALUES (0, ?, NULL, 'active', ?, ?)"
                    + " ON CONFLICT DO NOTHING",
                DEFAULT_EXPERIMENT,
                now,
                now));
  }

  // ---- experiments

  @Override
  public String createExperiment(String name, String artifactLocation, Map<String, String> tags) {
    Checks.name("An experiment", name);
    List<Tag> checked = new ArrayList<>();
    tags.forEach((k, v) -> checked.add(new Tag(k, v)));
    long now = clock.millis();
    return db.write(
        c -> {
          if (Sql.one(c, "SELECT 1 FROM experiments WHERE name = ?", rs -> 1, name).isPresent()) {
            throw StoreException.exists("An experiment named '%s' already exists.", name);
          }
          long id =
              Sql.one(
                      c,
                      "INSERT INTO experiments (name, artifact_location, lifecycle_stage,"
                          + " creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?)"
                          + " RETURNING experiment_id",
                      rs -> rs.getLong(1),
                      name,
                      artifactLocation,
                      now,
                      now)
                  .orElseThrow();
          for (Tag t : checked) {
            Sql.update(
                c,
                "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)",
                id,
                t.key(),
                t.value());
          }
          return Long.toString(id);
        },
        () -> StoreException.exists("An experiment named '%s' already exists.", name));
  }

  @Override
  public Experiment getExperiment(String experimentId) {
    Object id = RunQuery.experimentId(experimentId);
    return db.read(
        c ->
            experiment(c, "experiment_id = ?", id)
                .orElseThrow(
                    () -> StoreException.notFound("No experiment with id '%s'.", experimentId)));
  }

  @Override
  public Experiment getExperimentByName(String name) {
    return db.read(
        c ->
            experiment(c, "name = ?", name)
                .orElseThrow(() -> StoreException.notFound("No experiment named '%s'.", name)));
  }

  private java.util.Optional<Experiment> experiment(Connection c, String where, Object arg)
      throws SQLException {
    var row =
        Sql.one(
            c,
            "SELECT " + ExperimentRow.COLUMNS + " FROM experiments WHERE " + where,
            ExperimentRow::read,
            arg);
    if (row.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(row.get().toDomain(experimentTags(c, row.get().id())));
  }

  private static Map<String, String> experimentTags(Connection c, long id) throws SQLException {
    Map<String, String> tags = new HashMap<>();
    for (String[] kv :
        Sql.list(
            c,
            "SELECT key, value FROM experiment_tags WHERE experiment_id = ?",
            rs -> new String[] {rs.getString(1), rs.getString(2)},
            id)) {
      tags.put(kv[0], kv[1]);
    }
    return tags;
  }

  @Override
  public Page<Experiment> searchExperiments(
      String filter, ViewType viewType, List<String> orderBy, int maxResults, String pageToken) {
    if (maxResults < 1 || maxResults > RunSearch.MAX_RESULTS) {
      throw StoreException.invalid(
          "max_results must be between 1 and %d but was %d.", RunSearch.MAX_RESULTS, maxResults);
    }
    int offset = PageToken.offset(pageToken);
    StringBuilder sql =
        new StringBuilder("SELECT " + ExperimentRow.COLUMNS + " FROM experiments e WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (viewType == ViewType.ACTIVE_ONLY) {
      sql.append(" AND e.lifecycle_stage = 'active'");
    } else if (viewType == ViewType.DELETED_ONLY) {
      sql.append(" AND e.lifecycle_stage = 'deleted'");
    }
    for (SearchFilter.Clause cl : SearchFilter.parse(filter)) {
      sql.append(" AND ");
      if (cl.entity() == SearchFilter.Entity.TAG) {
        sql.append(
            "e.experiment_id IN (SELECT k.experiment_id FROM experiment_tags k WHERE k.key = ? AND ");
        args.add(cl.key());
        RunQuery.stringComparison(cl, "k.value", sql, args, "tag");
        sql.append(")");
      } else if (cl.entity() == SearchFilter.Entity.ATTRIBUTE && cl.key().equals("name")) {
        RunQuery.stringComparison(cl, "e.name", sql, args, "attribute");
      } else {
        throw StoreException.invalid(
            "Experiments can be filtered by name and tags.<key>, not by '%s' (position %d).",
            cl.key(), cl.position());
      }
    }
    sql.append(" ORDER BY ");
    for (String term : orderBy) {
      SearchFilter.Order o = SearchFilter.parseOrder(term);
      String column;
      switch (o.key()) {
        case "name":
          column = "e.name";
          break;
        case "experiment_id":
          column = "e.experiment_id";
          break;
        case "creation_time":
          column = "e.creation_time";
          break;
        case "last_update_time":
          column = "e.last_update_time";
          break;
        default:
          throw StoreException.invalid(
              "Cannot order experiments by '%s'. Known: name, experiment_id, creation_time,"
                  + " last_update_time.",
              o.key());
      }
      sql.append(column).append(o.ascending() ? " ASC, " : " DESC, ");
    }
    sql.append("e.creation_time DESC, e.experiment_id ASC LIMIT ")
        .append(maxResults + 1)
        .append(" OFFSET ")
        .append(offset);
    return db.read(
        c -> {
          List<ExperimentRow> rows = Sql.list(c, sql.toString(), ExperimentRow::read, args);
          List<Experiment> out = new ArrayList<>();
          for (ExperimentRow r : rows.subList(0, Math.min(maxResults, rows.size()))) {
            out.add(r.toDomain(experimentTags(c, r.id())));
          }
          return new Page<>(
              out, rows.size() > maxResults ? PageToken.of(offset + maxResults) : null);
        });
  }

  @Override
  public void renameExperiment(String experimentId, String newName) {
    Checks.name("An experiment", newName);
    Object id = RunQuery.experimentId(experimentId);
    db.write(
        c -> {
          Experiment e = activeExperiment(c, experimentId);
          if (e.name().equals(newName)) {
            return null;
          }
          if (Sql.one(c, "SELECT 1 FROM experiments WHERE name = ?", rs -> 1, newName)
              .isPresent()) {
            throw StoreException.exists("An experiment named '%s' already exists.", newName);
          }
          Sql.update(
              c,
              "UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?",
              newName,
              clock.millis(),
              id);
          return null;
        });
  }

  @Override
  public void deleteExperiment(String experimentId) {
    setExperimentStage(experimentId, LifecycleStage.DELETED);
  }

  @Override
  public void restoreExperiment(String experimentId) {
    setExperimentStage(experimentId, LifecycleStage.ACTIVE);
  }

  private void setExperimentStage(String experimentId, LifecycleStage stage) {
    Object id = RunQuery.experimentId(experimentId);
    long now = clock.millis();
    db.write(
        c -> {
          Experiment e =
              experiment(c, "experiment_id = ?", id)
                  .orElseThrow(
                      () -> StoreException.notFound("No experiment with id '%s'.", experimentId));
          if (stage == LifecycleStage.DELETED && id.equals(0L)) {
            throw StoreException.invalid("The Default experiment (id 0) cannot be deleted.");
          }
          if (e.lifecycleStage() == stage) {
            throw new StoreException(
                ErrorCode.INVALID_STATE,
                String.format(
                    "Experiment '%s' (id %s) is already %s.",
                    e.name(), experimentId, stage.wire()));
          }
          LifecycleStage from = e.lifecycleStage();
          Sql.update(
              c,
              "UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE"
                  + " experiment_id = ?",
              stage.wire(),
              now,
              id);
          Sql.update(
              c,
              "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE experiment_id = ? AND"
                  + " lifecycle_stage = ?",
              stage.wire(),
              stage == LifecycleStage.DELETED ? (Object) now : null,
              id,
              from.wire());
          return null;
        });
  }

  @Override
  public void setExperimentTag(String experimentId, String key, String value) {
    Tag t = new Tag(key, value);
    Object id = RunQuery.experimentId(experimentId);
    db.write(
        c -> {
          activeExperiment(c, experimentId);
          Sql.update(
              c,
              "INSERT INTO experiment_tags (experiment_id, key, value) VALUES (?, ?, ?)"
                  + " ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value",
              id,
              t.key(),
              t.value());
          return null;
        });
  }

  private Experiment activeExperiment(Connection c, String experimentId) throws SQLException {
    Experiment e =
        experiment(c, "experiment_id = ?", RunQuery.experimentId(experimentId))
            .orElseThrow(
                () -> StoreException.notFound("No experiment with id '%s'.", experimentId));
    if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
      throw StoreException.invalid(
          "Experiment '%s' (id %s) is deleted; restore it first.", e.name(), experimentId);
    }
    return e;
  }

  // ---- runs

  @Override
  public Run createRun(NewRun spec) {
    String runId = UUID.randomUUID().toString().replace("-", "");
    long start = spec.startTime() != null ? spec.startTime() : clock.millis();
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag t : spec.tags()) {
      tags.put(t.key(), t.value());
    }
    String parent = spec.parentRunId() != null ? spec.parentRunId() : tags.get(PARENT_TAG);
    String name = spec.runName() != null ? spec.runName() : tags.get(RUN_NAME_TAG);
    if (name == null || name.isBlank()) {
      name = "run-" + runId.substring(0, 8);
    }
    Checks.name("A run", name);
    tags.put(RUN_NAME_TAG, name);
    if (parent != null) {
      tags.put(PARENT_TAG, parent);
    }
    String runName = name;
    db.write(
        c -> {
          Experiment e = activeExperiment(c, spec.experimentId());
          if (parent != null) {
            activeRun(c, parent);
          }
          String base =
              e.artifactLocation() != null ? e.artifactLocation() : "mlflow-artifacts:/" + e.id();
          Sql.update(
              c,
              "INSERT INTO runs (run_uuid, name, experiment_id, user_id, status, start_time,"
                  + " end_time, lifecycle_stage, artifact_uri, parent_run_uuid) VALUES"
                  + " (?, ?, ?, ?, 'RUNNING', ?, NULL, 'active', ?, ?)",
              runId,
              runName,
              Long.parseLong(e.id()),
              spec.userId(),
              start,
              base + "/" + runId + "/artifacts",
              parent);
          for (Map.Entry<String, String> t : tags.entrySet()) {
            Sql.update(
                c,
                "INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)",
                runId,
                t.getKey(),
                t.getValue());
          }
          return null;
        });
    return getRun(runId);
  }

  @Override
  public Run getRun(String runId) {
    return db.read(
        c -> {
          RunRow row = runRow(c, runId);
          return runs(c, List.of(row)).get(0);
        });
  }

  private static RunRow runRow(Connection c, String runId) throws SQLException {
    return Sql.one(
            c,
            "SELECT " + RunRow.COLUMNS + " FROM runs r WHERE r.run_uuid = ?",
            RunRow::read,
            runId)
        .orElseThrow(() -> StoreException.notFound("No run with id '%s'.", runId));
  }

  private static RunRow activeRun(Connection c, String runId) throws SQLException {
    RunRow row = runRow(c, runId);
    if (!row.lifecycleStage().equals("active")) {
      throw StoreException.invalid(
          "The run '%s' must be in the 'active' state; it is %s. Restore it first.",
          runId, row.lifecycleStage());
    }
    return row;
  }

  /** Loads params, latest metrics, tags and inputs of the runs, in the rows' order. */
  private static List<Run> runs(Connection c, List<RunRow> rows) throws SQLException {
    if (rows.isEmpty()) {
      return List.of();
    }
    List<Object> ids = new ArrayList<>();
    Map<String, Map<String, String>> params = new HashMap<>();
    Map<String, Map<String, String>> tags = new HashMap<>();
    Map<String, Map<String, Metric>> metrics = new HashMap<>();
    Map<String, Map<String, DatasetInput>> inputs = new HashMap<>();
    for (RunRow r : rows) {
      ids.add(r.runUuid());
      params.put(r.runUuid(), new HashMap<>());
      tags.put(r.runUuid(), new HashMap<>());
      metrics.put(r.runUuid(), new HashMap<>());
      inputs.put(r.runUuid(), new LinkedHashMap<>());
    }
    String in = " IN (" + Sql.marks(ids.size()) + ")";
    for (String[] kv :
        Sql.list(
            c,
            "SELECT run_uuid, key, value FROM params WHERE run_uuid" + in,
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
            ids)) {
      params.get(kv[0]).put(kv[1], kv[2]);
    }
    for (String[] kv :
        Sql.list(
            c,
            "SELECT run_uuid, key, value FROM tags WHERE run_uuid" + in,
            rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
            ids)) {
      tags.get(kv[0]).put(kv[1], kv[2]);
    }
    for (MetricRow m :
        Sql.list(
            c,
            "SELECT " + MetricRow.COLUMNS + " FROM latest_metrics WHERE run_uuid" + in,
            MetricRow::read,
            ids)) {
      metrics.get(m.runUuid()).put(m.key(), m.toDomain());
    }
    List<Object[]> inputRows =
        Sql.list(
            c,
            "SELECT i.run_uuid, d.dataset_uuid, d.name, d.digest, d.source_type, d.source,"
                + " d.schema, d.profile FROM inputs i JOIN datasets d ON d.dataset_uuid ="
                + " i.dataset_uuid WHERE i.run_uuid"
                + in
                + " ORDER BY d.name, d.digest",
            rs ->
                new Object[] {
                  rs.getString(1),
                  new Rows.DatasetRow(
                      rs.getString(2),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5),
                      rs.getString(6),
                      rs.getString(7),
                      rs.getString(8))
                },
            ids);
    if (!inputRows.isEmpty()) {
      Map<String, Map<String, String>> inputTags = new HashMap<>();
      for (String[] t :
          Sql.list(
              c,
              "SELECT run_uuid, dataset_uuid, key, value FROM input_tags WHERE run_uuid" + in,
              rs ->
                  new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)},
              ids)) {
        inputTags.computeIfAbsent(t[0] + "/" + t[1], k -> new HashMap<>()).put(t[2], t[3]);
      }
      for (Object[] r : inputRows) {
        String run = (String) r[0];
        Rows.DatasetRow d = (Rows.DatasetRow) r[1];
        inputs
            .get(run)
            .put(
                d.uuid(),
                new DatasetInput(
                    d.toDomain(), inputTags.getOrDefault(run + "/" + d.uuid(), Map.of())));
      }
    }
    List<Run> out = new ArrayList<>();
    for (RunRow r : rows) {
      String id = r.runUuid();
      out.add(
          new Run(
              r.toDomain(),
              params.get(id),
              metrics.get(id),
              tags.get(id),
              new ArrayList<>(inputs.get(id).values())));
    }
    return out;
  }

  @Override
  public RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    if (runName != null) {
      Checks.name("A run", runName);
    }
    return db.write(
        c -> {
          RunRow row = activeRun(c, runId);
          String newStatus = status != null ? status.name() : row.status();
          Long newEnd = endTime != null ? endTime : row.endTime();
          String newName = runName != null ? runName : row.name();
          Sql.update(
              c,
              "UPDATE runs SET status = ?, end_time = ?, name = ? WHERE run_uuid = ?",
              newStatus,
              newEnd,
              newName,
              runId);
          if (runName != null) {
            upsertTag(c, runId, new Tag(RUN_NAME_TAG, runName));
          }
          return runRow(c, runId).toDomain();
        });
  }

  @Override
  public void deleteRun(String runId) {
    setRunStage(runId, LifecycleStage.DELETED);
  }

  @Override
  public void restoreRun(String runId) {
    setRunStage(runId, LifecycleStage.ACTIVE);
  }

  private void setRunStage(String runId, LifecycleStage stage) {
    long now = clock.millis();
    db.write(
        c -> {
          RunRow row = runRow(c, runId);
          if (stage == LifecycleStage.ACTIVE) {
            Experiment e = getExperimentIn(c, row.experimentId());
            if (e.lifecycleStage() != LifecycleStage.ACTIVE) {
              throw StoreException.invalid(
                  "Cannot restore run '%s': its experiment '%s' is deleted; restore that first.",
                  runId, e.name());
            }
          }
          Sql.update(
              c,
              "UPDATE runs SET lifecycle_stage = ?, deleted_time = ? WHERE run_uuid = ?",
              stage.wire(),
              stage == LifecycleStage.DELETED ? (Object) now : null,
              runId);
          return null;
        });
  }

  private Experiment getExperimentIn(Connection c, long id) throws SQLException {
    return experiment(c, "experiment_id = ?", id).orElseThrow();
  }

  @Override
  public void logParam(String runId, Param param) {
    logBatch(runId, List.of(), List.of(param), List.of());
  }

  @Override
  public void logMetric(String runId, Metric metric) {
    logBatch(runId, List.of(metric), List.of(), List.of());
  }

  @Override
  public void setTag(String runId, Tag tag) {
    logBatch(runId, List.of(), List.of(), List.of(tag));
  }

  @Override
  public void deleteTag(String runId, String key) {
    db.write(
        c -> {
          activeRun(c, runId);
          if (Sql.update(c, "DELETE FROM tags WHERE run_uuid = ? AND key = ?", runId, key) == 0) {
            throw StoreException.notFound("No tag '%s' on run '%s'.", key, runId);
          }
          return null;
        });
  }

  @Override
  public void logBatch(String runId, List<Metric> metrics, List<Param> params, List<Tag> tags) {
    Map<String, String> seen = new HashMap<>();
    for (Param p : params) {
      String before = seen.putIfAbsent(p.key(), p.value());
      if (before != null && !before.equals(p.value())) {
        throw StoreException.invalid(
            "The batch logs param '%s' twice with different values ('%s' and '%s').",
            p.key(), before, p.value());
      }
    }
    db.write(
        c -> {
          activeRun(c, runId);
          logParams(c, runId, params);
          logMetrics(c, runId, metrics);
          for (Tag t : tags) {
            upsertTag(c, runId, t);
            if (t.key().equals(RUN_NAME_TAG)) {
              Sql.update(c, "UPDATE runs SET name = ? WHERE run_uuid = ?", t.value(), runId);
            }
          }
          return null;
        });
  }

  private static void logParams(Connection c, String runId, List<Param> params)
      throws SQLException {
    Set<String> done = new HashSet<>();
    for (Param p : params) {
      if (!done.add(p.key())) {
        continue;
      }
      var existing =
          Sql.one(
              c,
              "SELECT value FROM params WHERE run_uuid = ? AND key = ?",
              rs -> rs.getString(1),
              runId,
              p.key());
      if (existing.isPresent()) {
        if (!existing.get().equals(p.value())) {
          throw StoreException.invalid(
              "Changing param values is not allowed. Param '%s' was already logged with value"
                  + " '%s' for run '%s'; the new value '%s' is refused.",
              p.key(), existing.get(), runId, p.value());
        }
        continue;
      }
      Sql.update(
          c,
          "INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)",
          runId,
          p.key(),
          p.value());
    }
  }

  private static void logMetrics(Connection c, String runId, List<Metric> metrics)
      throws SQLException {
    if (metrics.isEmpty()) {
      return;
    }
    try (var ps =
            c.prepareStatement(
                "INSERT INTO metrics ("
                    + MetricRow.COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        var latest =
            c.prepareStatement(
                "INSERT INTO latest_metrics ("
                    + MetricRow.COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_uuid, key) DO UPDATE SET"
                    + " value = excluded.value, timestamp = excluded.timestamp, step ="
                    + " excluded.step, is_nan = excluded.is_nan WHERE (excluded.step,"
                    + " excluded.timestamp, excluded.value) > (latest_metrics.step,"
                    + " latest_metrics.timestamp, latest_metrics.value)")) {
      // the batch's own latest value per key first: one upsert per key, not one per value (on
      // PostgreSQL each upsert of the same row leaves a dead row version behind)
      Map<String, MetricRow> newest = new LinkedHashMap<>();
      for (Metric m : metrics) {
        MetricRow row = MetricRow.of(runId, m);
        Sql.bind(ps, row.args());
        ps.addBatch();
        newest.merge(row.key(), row, (a, b) -> later(b, a) ? b : a);
      }
      for (MetricRow row : newest.values()) {
        Sql.bind(latest, row.args());
        latest.addBatch();
      }
      ps.executeBatch();
      latest.executeBatch();
    }
  }

  /** MLflow's order for the latest value: by step, then timestamp, then value. */
  private static boolean later(MetricRow a, MetricRow b) {
    if (a.step() != b.step()) {
      return a.step() > b.step();
    }
    if (a.timestamp() != b.timestamp()) {
      return a.timestamp() > b.timestamp();
    }
    return a.value() > b.value();
  }

  private static void upsertTag(Connection c, String runId, Tag t) throws SQLException {
    Sql.update(
        c,
        "INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?) ON CONFLICT (run_uuid, key) DO"
            + " UPDATE SET value = excluded.value",
        runId,
        t.key(),
        t.value());
  }

  @Override
  public List<Metric> metricHistory(String runId, String key) {
    return db.read(
        c -> {
          runRow(c, runId);
          List<Metric> out = new ArrayList<>();
          for (MetricRow m :
              Sql.list(
                  c,
                  "SELECT "
                      + MetricRow.COLUMNS
                      + " FROM metrics WHERE run_uuid = ? AND key = ? ORDER BY step, timestamp,"
                      + " value",
                  MetricRow::read,
                  runId,
                  key)) {
            out.add(m.toDomain());
          }
          return out;
        });
  }

  @Override
  public void logInputs(String runId, List<DatasetInput> inputs) {
    db.write(
        c -> {
          RunRow run = activeRun(c, runId);
          for (DatasetInput input : inputs) {
            Dataset d = input.dataset();
            String uuid =
                Sql.one(
                        c,
                        "SELECT dataset_uuid FROM datasets WHERE experiment_id = ? AND name = ? AND"
                            + " digest = ?",
                        rs -> rs.getString(1),
                        run.experimentId(),
                        d.name(),
                        d.digest())
                    .orElse(null);
            if (uuid == null) {
              uuid = UUID.randomUUID().toString().replace("-", "");
              Sql.update(
                  c,
                  "INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, source_type,"
                      + " source, schema, profile) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  uuid,
                  run.experimentId(),
                  d.name(),
                  d.digest(),
                  d.sourceType(),
                  d.source(),
                  d.schema(),
                  d.profile());
            }
            Sql.update(
                c,
                "INSERT INTO inputs (run_uuid, dataset_uuid) VALUES (?, ?) ON CONFLICT DO NOTHING",
                runId,
                uuid);
            for (Map.Entry<String, String> t : input.tags().entrySet()) {
              Sql.update(
                  c,
                  "INSERT INTO input_tags (run_uuid, dataset_uuid, key, value) VALUES (?, ?, ?, ?)"
                      + " ON CONFLICT (run_uuid, dataset_uuid, key) DO UPDATE SET value ="
                      + " excluded.value",
                  runId,
                  uuid,
                  t.getKey(),
                  t.getValue());
            }
          }
          return null;
        });
  }

  @Override
  public Page<Run> searchRuns(RunSearch search) {
    int offset = PageToken.offset(search.pageToken());
    if (search.experimentIds().isEmpty()) {
      throw StoreException.invalid("A run search needs at least one experiment id.");
    }
    RunQuery q = RunQuery.of(search, offset);
    return db.read(
        c -> {
          List<RunRow> rows = Sql.list(c, q.sql, RunRow::read, q.args);
          boolean more = rows.size() > search.maxResults();
          if (more) {
            rows = rows.subList(0, search.maxResults());
          }
          List<Run> out = new ArrayList<>(rows.size());
          // the data of at most 500 runs per query keeps under every engine's bound-parameter limit
          for (int from = 0; from < rows.size(); from += 500) {
            out.addAll(runs(c, rows.subList(from, Math.min(rows.size(), from + 500))));
          }
          return new Page<>(out, more ? PageToken.of(offset + search.maxResults()) : null);
        });
  }

  @Override
  public void logArtifact(String runId, RunArtifact artifact) {
    if (artifact.path() == null
        || artifact.path().isEmpty()
        || artifact.path().startsWith("/")
        || List.of(artifact.path().split("/")).contains("..")) {
      throw StoreException.invalid(
          "An artifact path is relative and stays inside the run ('model/bundle.kiln'), but was"
              + " '%s'.",
          artifact.path());
    }
    db.write(
        c -> {
          activeRun(c, runId);
          Sql.update(
              c,
              "INSERT INTO run_artifacts (run_uuid, path, digest, size) VALUES (?, ?, ?, ?) ON"
                  + " CONFLICT (run_uuid, path) DO UPDATE SET digest = excluded.digest, size ="
                  + " excluded.size",
              runId,
              artifact.path(),
              artifact.digest(),
              artifact.size());
          return null;
        });
  }

  @Override
  public List<RunArtifact> listArtifacts(String runId, String prefix) {
    String p = prefix == null ? "" : prefix;
    return db.read(
        c -> {
          runRow(c, runId);
          List<RunArtifact> all =
              Sql.list(
                  c,
                  "SELECT path, digest, size FROM run_artifacts WHERE run_uuid = ? ORDER BY path",
                  rs -> new RunArtifact(rs.getString(1), rs.getString(2), rs.getLong(3)),
                  runId);
          // prefix matched in Java: a LIKE pattern would treat '_' and '%' in paths as wildcards
          all.removeIf(a -> !a.path().startsWith(p));
          return all;
        });
  }

  /** For the registry's lineage: a run with its data, or null when it does not exist. */
  static Run runOrNull(Connection c, String runId) throws SQLException {
    var row =
        Sql.one(
            c,
            "SELECT " + RunRow.COLUMNS + " FROM runs r WHERE r.run_uuid = ?",
            RunRow::read,
            runId);
    return row.isEmpty() ? null : runs(c, List.of(row.get())).get(0);
  }
}
