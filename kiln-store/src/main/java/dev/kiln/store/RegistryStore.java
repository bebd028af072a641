package dev.kiln.store;

import java.util.List;

/**
 * Registered models, versions and aliases, as MLflow's model registry. Every change is one
 * transaction that also appends its row to the audit log; {@link Change} says who and why.
 */
public interface RegistryStore {
  RegisteredModel createRegisteredModel(String name, String description, Change change);

  RegisteredModel getRegisteredModel(String name);

  /** Models by a filter on {@code name} ({@code =}, {@code LIKE}, {@code ILIKE}), by name. */
  Page<RegisteredModel> searchRegisteredModels(String filter, int maxResults, String pageToken);

  RegisteredModel renameRegisteredModel(String name, String newName, Change change);

  RegisteredModel updateRegisteredModel(String name, String description, Change change);

  /** Deletes the model with its versions, tags and aliases; the audit trail stays. */
  void deleteRegisteredModel(String name, Change change);

  void setRegisteredModelTag(String name, Tag tag, Change change);

  void deleteRegisteredModelTag(String name, String key, Change change);

  /**
   * Registers the next version (1, 2, …) of an existing model. When a bundle digest is given it
   * must be in the artifact store.
   */
  ModelVersion createModelVersion(NewModelVersion version, Change change);

  ModelVersion getModelVersion(String name, int version);

  /** All versions of the model, newest first. */
  List<ModelVersion> modelVersions(String name);

  /** Versions of all models made by the run, newest first (empty when none). */
  List<ModelVersion> modelVersionsOfRun(String runId);

  ModelVersion updateModelVersion(String name, int version, String description, Change change);

  void deleteModelVersion(String name, int version, Change change);

  void setModelVersionTag(String name, int version, Tag tag, Change change);

  void deleteModelVersionTag(String name, int version, String key, Change change);

  /** Points the alias at the version; an alias that pointed elsewhere moves atomically. */
  void setAlias(String name, String alias, int version, Change change);

  void deleteAlias(String name, String alias, Change change);

  ModelVersion getModelVersionByAlias(String name, String alias);

  /** The audit trail of one model, oldest first. */
  List<AuditEntry> audit(String name);

  /** The version's run, the run's dataset inputs and its code commit. */
  Lineage lineage(String name, int version);
}
