package dev.kiln.serve.mlflow;

import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.Handler;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import dev.kiln.store.StoreException;
import java.util.List;

/**
 * Registers an MLflow endpoint under both of MLflow's prefixes ({@code /api/2.0/mlflow} for
 * clients, {@code /ajax-api/2.0/mlflow} for its web UI), with the store's errors turned into
 * MLflow's error codes.
 */
final class Endpoints {
  static final List<String> PREFIXES = List.of("/api/2.0/mlflow", "/ajax-api/2.0/mlflow");

  private final Routes.Builder routes;
  private final List<String> prefixes;

  Endpoints(Routes.Builder routes, List<String> prefixes) {
    this.routes = routes;
    this.prefixes = prefixes;
  }

  void get(String path, Handler handler) {
    add("GET", path, handler);
  }

  void post(String path, Handler handler) {
    add("POST", path, handler);
  }

  void patch(String path, Handler handler) {
    add("PATCH", path, handler);
  }

  void delete(String path, Handler handler) {
    add("DELETE", path, handler);
  }

  void put(String path, Handler handler) {
    add("PUT", path, handler);
  }

  private void add(String method, String path, Handler handler) {
    Handler mapped = mapped(handler);
    for (String prefix : prefixes) {
      routes.add(Route.of(method, prefix + path, mapped));
    }
  }

  /**
   * The handler with {@link StoreException}s rethrown as MLflow's codes: unknown → 404
   * RESOURCE_DOES_NOT_EXIST, duplicate → 400 RESOURCE_ALREADY_EXISTS, anything else the caller got
   * wrong → 400 INVALID_PARAMETER_VALUE. The store's INVALID_STATE (restoring what is active,
   * deleting what is deleted) is a caller's mistake too: MLflow answers those with
   * INVALID_PARAMETER_VALUE, and its own INVALID_STATE would be a 500.
   */
  static Handler mapped(Handler handler) {
    return request -> {
      try {
        return handler.handle(request);
      } catch (StoreException e) {
        throw httpError(e);
      }
    };
  }

  static HttpError httpError(StoreException e) {
    switch (e.code()) {
      case RESOURCE_DOES_NOT_EXIST:
        return new HttpError(ErrorCode.RESOURCE_DOES_NOT_EXIST, e.getMessage());
      case RESOURCE_ALREADY_EXISTS:
        return new HttpError(ErrorCode.RESOURCE_ALREADY_EXISTS, e.getMessage());
      default:
        return new HttpError(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage());
    }
  }
}
