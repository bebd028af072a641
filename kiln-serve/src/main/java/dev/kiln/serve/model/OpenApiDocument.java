package dev.kiln.serve.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.SystemException;
import dev.kiln.serve.Response;
import dev.kiln.serve.Route;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GET /openapi.json}: the model server's routes described in OpenAPI 3.1, kept as the
 * resource {@code openapi.json} beside this class (a test checks that it parses, validates and
 * lists exactly the routes {@link ModelService#routes} registers). {@code info.version} is the
 * server's version.
 *
 * <p>It sits behind the bearer token when one is configured, like every route but the health
 * checks: an unauthenticated caller gets 401 for any path, so it learns nothing of the routes.
 */
final class OpenApiDocument {
  static final String PATH = "/openapi.json";

  private OpenApiDocument() {}

  /**
   * The route answering the document, with {@code version} as its {@code info.version}. The
   * document is made at the first request, not here: Jackson's databind and the JDK's date and
   * locale classes it initialises would add to every server's start.
   */
  static Route route(String version) {
    Lazy body = new Lazy(version);
    return Route.get(PATH, request -> Response.json(200, body.get())).onIoThread();
  }

  /** The document, made once, at the first call. */
  private static final class Lazy {
    private final String version;
    private volatile byte[] body;

    Lazy(String version) {
      this.version = version;
    }

    byte[] get() {
      byte[] b = body;
      if (b == null) {
        synchronized (this) {
          b = body;
          if (b == null) {
            b = document(version);
            body = b;
          }
        }
      }
      return b;
    }
  }

  /** The document's bytes with {@code info.version} set. */
  static byte[] document(String version) {
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new SystemException("the resource openapi.json is missing from kiln-serve's jar");
      }
      ObjectNode doc = (ObjectNode) mapper.readTree(in);
      ((ObjectNode) doc.get("info")).put("version", version);
      return mapper.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new SystemException("cannot read the resource openapi.json: " + e.getMessage(), e);
    }
  }
}
