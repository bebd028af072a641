package dev.kiln.cli.tracking;

import dev.kiln.core.UserException;
import dev.kiln.core.bundle.Bundle;
import dev.kiln.core.bundle.Provenance;
import dev.kiln.store.Change;
import dev.kiln.store.ErrorCode;
import dev.kiln.store.ModelVersion;
import dev.kiln.store.NewModelVersion;
import dev.kiln.store.RegistryStore;
import dev.kiln.store.Run;
import dev.kiln.store.RunArtifact;
import dev.kiln.store.Store;
import dev.kiln.store.StoreException;
import java.nio.file.Path;
import java.util.List;

/**
 * Registers a bundle as the next version of a model: the bundle of a run (its {@code model.kiln}
 * artifact, checked against its digest and verified as a bundle) or a bundle file (verified, then
 * copied into the artifact store). The model is created on its first version; aliases move to the
 * new version. Everything is checked before the registry is touched.
 */
public final class ModelRegistration {
  private ModelRegistration() {}

  public static ModelVersion fromRun(
      Store store, String name, String runRef, String description, Change change) {
    Run run = Runs.find(store.tracking(), runRef);
    RunArtifact bundle =
        store.tracking().listArtifacts(run.id(), BundleArtifacts.RUN_PATH).stream()
            .filter(a -> a.path().equals(BundleArtifacts.RUN_PATH))
            .findFirst()
            .orElseThrow(
                () ->
                    new UserException(
                        "Run "
                            + run.id()
                            + " ("
                            + run.info().runName()
                            + ") has no bundle artifact '"
                            + BundleArtifacts.RUN_PATH
                            + "' (it did not finish, or was not recorded by kiln train);"
                            + " register a bundle file with --bundle PATH."));
    try (Bundle verified = Bundle.open(store.artifacts().localFile(bundle.digest()))) {
      // opening verifies every file of the bundle against its manifest
    }
    String source = "runs:/" + run.id() + "/" + BundleArtifacts.RUN_PATH;
    return create(store.registry(), name, source, run.id(), bundle.digest(), description, change);
  }

  public static ModelVersion fromBundle(
      Store store, String name, Path bundle, String description, Change change) {
    BundleArtifacts.Stored stored = BundleArtifacts.put(store.artifacts(), bundle);
    Provenance p = stored.manifest().provenance();
    String runId = p == null ? null : p.runId();
    if (runId != null && !runExists(store, runId)) {
      runId = null; // trained against another store: the bundle still carries the id
    }
    return create(
        store.registry(),
        name,
        bundle.toAbsolutePath().toString(),
        runId,
        stored.digest(),
        description,
        change);
  }

  public static void setAliases(
      RegistryStore r, ModelVersion v, List<String> aliases, Change change) {
    for (String a : aliases) {
      r.setAlias(v.name(), a, v.version(), change);
    }
  }

  private static boolean runExists(Store store, String runId) {
    try {
      store.tracking().getRun(runId);
      return true;
    } catch (StoreException e) {
      if (e.code() == ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        return false;
      }
      throw e;
    }
  }

  private static ModelVersion create(
      RegistryStore r,
      String name,
      String source,
      String runId,
      String digest,
      String description,
      Change change) {
    try {
      r.getRegisteredModel(name);
    } catch (StoreException e) {
      if (e.code() != ErrorCode.RESOURCE_DOES_NOT_EXIST) {
        throw e;
      }
      try {
        r.createRegisteredModel(name, null, change);
      } catch (StoreException race) {
        if (race.code() != ErrorCode.RESOURCE_ALREADY_EXISTS) {
          throw race;
        }
      }
    }
    return r.createModelVersion(
        new NewModelVersion(name, source, runId, digest, description, List.of()), change);
  }
}
