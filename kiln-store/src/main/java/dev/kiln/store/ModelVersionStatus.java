package dev.kiln.store;

/** A model version's status, as MLflow's. Kiln registers in one transaction: always READY. */
public enum ModelVersionStatus {
  PENDING_REGISTRATION,
  FAILED_REGISTRATION,
  READY
}
