package dev.kiln.serve.model;

import dev.kiln.core.UserException;
import dev.kiln.serve.Handler;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;

/**
 * Times a scoring handler and records it per endpoint, model, version and status; lets go of the
 * model's hold ({@link ModelRegistry#acquire}) when the handler is done.
 */
final class Metered {
  /** What a metered handler learns while it runs: the model it acquired, if any. */
  static final class Call {
    ServedModel model;
    final long start = System.nanoTime();
  }

  /** A handler that is told about its {@link Call}. */
  @FunctionalInterface
  interface Scoring {
    Response handle(Request request, Call call) throws Exception;
  }

  private Metered() {}

  static Handler of(ServeMetrics metrics, String endpoint, Scoring scoring) {
    return request -> {
      Call call = new Call();
      int status = 500;
      try {
        Response response = scoring.handle(request, call);
        status = response.status();
        return response;
      } catch (HttpError e) {
        status = e.code().status();
        throw e;
      } catch (UserException e) {
        status = 400;
        throw e;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        status = 400;
        throw e;
      } finally {
        ServedModel m = call.model;
        if (m != null) {
          m.release();
        }
        metrics.request(
            endpoint,
            m == null ? "" : m.name(),
            m == null ? "" : m.version(),
            status,
            System.nanoTime() - call.start);
      }
    };
  }
}
