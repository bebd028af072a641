package dev.kiln.store;

/**
 * One row of the registry's append-only audit log.
 *
 * @param at epoch milliseconds
 * @param action e.g. {@code CREATE_MODEL_VERSION}, {@code SET_ALIAS}
 * @param version the model version concerned, or null
 * @param detail what changed, e.g. {@code champion: 1 -> 2}
 */
public record AuditEntry(
    long id,
    long at,
    String who,
    String action,
    String modelName,
    Integer version,
    String detail,
    String why) {}
