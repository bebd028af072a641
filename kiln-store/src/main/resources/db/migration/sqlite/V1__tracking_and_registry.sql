-- Kiln's metadata store, version 1. The same logical schema as ../postgresql/V1__tracking_and_registry.sql;
-- the two differ only where the engines' DDL does (identity columns, types).
-- Tables follow MLflow's tracking and registry model so its REST API maps onto them one to one.
-- Times are epoch milliseconds; flags are 0/1 integers so the same SQL runs on both engines.

CREATE TABLE experiments (
  experiment_id INTEGER PRIMARY KEY AUTOINCREMENT,
  name VARCHAR(256) NOT NULL UNIQUE,
  artifact_location TEXT,
  lifecycle_stage VARCHAR(32) NOT NULL,
  creation_time BIGINT NOT NULL,
  last_update_time BIGINT NOT NULL
);

CREATE TABLE experiment_tags (
  experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id) ON DELETE CASCADE,
  key VARCHAR(250) NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (experiment_id, key)
);

CREATE TABLE runs (
  run_uuid VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(250) NOT NULL,
  experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id),
  user_id VARCHAR(256),
  status VARCHAR(16) NOT NULL,
  start_time BIGINT NOT NULL,
  end_time BIGINT,
  lifecycle_stage VARCHAR(32) NOT NULL,
  artifact_uri TEXT,
  parent_run_uuid VARCHAR(32) REFERENCES runs (run_uuid),
  deleted_time BIGINT
);
CREATE INDEX runs_experiment_start ON runs (experiment_id, lifecycle_stage, start_time);
CREATE INDEX runs_parent ON runs (parent_run_uuid);

CREATE TABLE params (
  run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid) ON DELETE CASCADE,
  key VARCHAR(250) NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
CREATE INDEX params_key_value ON params (key, value);

CREATE TABLE tags (
  run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid) ON DELETE CASCADE,
  key VARCHAR(250) NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
CREATE INDEX tags_key_value ON tags (key, value);

-- Every logged value; identical repeats (a retried request) collapse onto the primary key.
CREATE TABLE metrics (
  run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid) ON DELETE CASCADE,
  key VARCHAR(250) NOT NULL,
  value REAL NOT NULL,
  timestamp BIGINT NOT NULL,
  step BIGINT NOT NULL,
  is_nan SMALLINT NOT NULL,
  PRIMARY KEY (run_uuid, key, timestamp, step, value, is_nan)
);

-- The latest value per (run, key) by (step, timestamp, value), as MLflow; searches read this.
CREATE TABLE latest_metrics (
  run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid) ON DELETE CASCADE,
  key VARCHAR(250) NOT NULL,
  value REAL NOT NULL,
  timestamp BIGINT NOT NULL,
  step BIGINT NOT NULL,
  is_nan SMALLINT NOT NULL,
  PRIMARY KEY (run_uuid, key)
);
CREATE INDEX latest_metrics_key_value ON latest_metrics (key, value, run_uuid);

CREATE TABLE datasets (
  dataset_uuid VARCHAR(32) NOT NULL PRIMARY KEY,
  experiment_id BIGINT NOT NULL REFERENCES experiments (experiment_id) ON DELETE CASCADE,
  name VARCHAR(500) NOT NULL,
  digest VARCHAR(100) NOT NULL,
  source_type VARCHAR(36) NOT NULL,
  source TEXT NOT NULL,
  schema TEXT,
  profile TEXT,
  UNIQUE (experiment_id, name, digest)
);
CREATE INDEX datasets_digest ON datasets (digest);

CREATE TABLE inputs (
  run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid) ON DELETE CASCADE,
  dataset_uuid VARCHAR(32) NOT NULL REFERENCES datasets (dataset_uuid),
  PRIMARY KEY (run_uuid, dataset_uuid)
);

CREATE TABLE input_tags (
  run_uuid VARCHAR(32) NOT NULL,
  dataset_uuid VARCHAR(32) NOT NULL,
  key VARCHAR(255) NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_uuid, dataset_uuid, key),
  FOREIGN KEY (run_uuid, dataset_uuid) REFERENCES inputs (run_uuid, dataset_uuid) ON DELETE CASCADE
);

-- A run's artifacts: its relative path to the content's digest in the artifact store.
CREATE TABLE run_artifacts (
  run_uuid VARCHAR(32) NOT NULL REFERENCES runs (run_uuid) ON DELETE CASCADE,
  path VARCHAR(1000) NOT NULL,
  digest VARCHAR(80) NOT NULL,
  size BIGINT NOT NULL,
  PRIMARY KEY (run_uuid, path)
);

CREATE TABLE registered_models (
  name VARCHAR(256) NOT NULL PRIMARY KEY,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description TEXT
);

CREATE TABLE registered_model_tags (
  name VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  key VARCHAR(250) NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, key)
);

CREATE TABLE model_versions (
  name VARCHAR(256) NOT NULL REFERENCES registered_models (name) ON UPDATE CASCADE ON DELETE CASCADE,
  version INTEGER NOT NULL,
  creation_time BIGINT NOT NULL,
  last_updated_time BIGINT NOT NULL,
  description TEXT,
  user_id VARCHAR(256),
  source TEXT,
  run_id VARCHAR(32),
  status VARCHAR(20) NOT NULL,
  status_message TEXT,
  bundle_digest VARCHAR(80),
  PRIMARY KEY (name, version)
);
CREATE INDEX model_versions_run ON model_versions (run_id);

CREATE TABLE model_version_tags (
  name VARCHAR(256) NOT NULL,
  version INTEGER NOT NULL,
  key VARCHAR(250) NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (name, version, key),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);

CREATE TABLE registered_model_aliases (
  name VARCHAR(256) NOT NULL,
  alias VARCHAR(256) NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY (name, alias),
  FOREIGN KEY (name, version) REFERENCES model_versions (name, version) ON UPDATE CASCADE ON DELETE CASCADE
);

-- Append-only: who changed what in the registry, when and why. Not tied to the models by a
-- foreign key, so the trail outlives a deleted model; triggers refuse updates and deletes.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at BIGINT NOT NULL,
  who VARCHAR(256) NOT NULL,
  action VARCHAR(64) NOT NULL,
  model_name VARCHAR(256) NOT NULL,
  version INTEGER,
  detail TEXT NOT NULL,
  why TEXT
);
CREATE INDEX audit_log_model ON audit_log (model_name, id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
