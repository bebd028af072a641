package dev.kiln.serve.mlflow;

import dev.kiln.serve.Routes;
import dev.kiln.store.Store;
import java.util.List;

/**
 * MLflow's REST API 2.0 over a Kiln store, so that MLflow's own clients log to Kiln and read its
 * registry unchanged, plus Kiln's extras under {@code /api/kiln} (docs/rest-api.md):
 *
 * <pre>
 *   Routes routes = MlflowApi.addTo(Routes.builder(), store).build();
 *   try (KilnServer server = KilnServer.builder().port(5000).routes(routes).build().start()) {...}
 * </pre>
 *
 * Paths, methods, fields and error codes are MLflow's ({@code mlflow/protos/service.proto}, {@code
 * model_registry.proto}, {@code mlflow_artifacts.proto}); each resource is one class: experiments,
 * runs, metrics, registered models, model versions, artifacts.
 */
public final class MlflowApi {
  private MlflowApi() {}

  /** Adds every endpoint, answering from {@code store}, to {@code routes}; returns it. */
  public static Routes.Builder addTo(Routes.Builder routes, Store store) {
    Endpoints api = new Endpoints(routes, Endpoints.PREFIXES);
    new ExperimentsApi(store.tracking()).addTo(api);
    new RunsApi(store.tracking()).addTo(api);
    new MetricsApi(store.tracking()).addTo(api);
    new RegisteredModelsApi(store.registry()).addTo(api);
    new ModelVersionsApi(store.registry()).addTo(api);
    ArtifactsApi artifacts = new ArtifactsApi(store.tracking(), store.artifacts());
    artifacts.addTo(api);
    artifacts.addProxyTo(
        new Endpoints(
            routes, List.of("/api/2.0/mlflow-artifacts", "/ajax-api/2.0/mlflow-artifacts")));
    new KilnExtrasApi(store.registry()).addTo(new Endpoints(routes, List.of(KilnExtrasApi.PREFIX)));
    return routes;
  }
}
