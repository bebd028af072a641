package dev.kiln.core.bundle;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a model came from. Tracking and the registry only store it (STYLE.md: provenance is data).
 *
 * @param runId the tracking run that trained it, when there was one
 * @param datasetDigest the training data's dataset digest ({@code sha256:…})
 * @param schema the schema the data was read with, as schema-file YAML
 * @param codeCommit the git commit of the code that trained it, when known
 * @param createdAt ISO-8601 instant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Provenance(
    String runId,
    String datasetDigest,
    String schema,
    String codeCommit,
    String kilnVersion,
    String jvm,
    String createdAt) {}
