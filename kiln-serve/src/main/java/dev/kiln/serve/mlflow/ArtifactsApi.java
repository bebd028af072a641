package dev.kiln.serve.mlflow;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.serve.ErrorCode;
import dev.kiln.serve.HttpError;
import dev.kiln.serve.Request;
import dev.kiln.serve.Response;
import dev.kiln.store.ArtifactStore;
import dev.kiln.store.Run;
import dev.kiln.store.RunArtifact;
import dev.kiln.store.StoreException;
import dev.kiln.store.TrackingStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Run artifacts, two ways, as MLflow's server offers them:
 *
 * <ul>
 *   <li>{@code GET /api/2.0/mlflow/artifacts/list?run_id=…&path=…}: the files and folders directly
 *       under a folder of a run, paths relative to the run's root;
 *   <li>MLflow's artifact proxy ({@code mlflow server --serve-artifacts}), which a run whose {@code
 *       artifact_uri} is {@code mlflow-artifacts:/<experiment>/<run>/artifacts} uploads to and
 *       downloads from: {@code PUT} and {@code GET /api/2.0/mlflow-artifacts/artifacts/<that
 *       path>/<file path>}, and {@code GET /api/2.0/mlflow-artifacts/artifacts?path=<folder>} to
 *       list a folder (names relative to it).
 * </ul>
 *
 * Files go into the content-addressed artifact store; the run keeps path → digest rows, so the same
 * bytes logged twice are stored once and every download is verified against its digest.
 */
final class ArtifactsApi {
  /** The deepest file path the proxy routes (folders under the run's root, file name included). */
  static final int MAX_DEPTH = 24;

  private static final Pattern RUN_ID = Pattern.compile("[0-9a-f]{32}");
  private static final String SCHEME = "mlflow-artifacts:";

  private final TrackingStore tracking;
  private final ArtifactStore artifacts;

  ArtifactsApi(TrackingStore tracking, ArtifactStore artifacts) {
    this.tracking = tracking;
    this.artifacts = artifacts;
  }

  /** {@code /mlflow/artifacts/list} under MLflow's API prefixes. */
  void addTo(Endpoints api) {
    api.get("/artifacts/list", this::list);
  }

  /** The proxy's routes under {@code /api/2.0/mlflow-artifacts} (and its ajax twin). */
  void addProxyTo(Endpoints proxy) {
    proxy.get("/artifacts", this::proxyList);
    StringBuilder template = new StringBuilder("/artifacts");
    for (int depth = 1; depth <= MAX_DEPTH + 3; depth++) {
      template.append("/{s").append(depth - 1).append('}');
      int d = depth;
      proxy.put(template.toString(), request -> upload(request, segments(request, d)));
      proxy.get(template.toString(), request -> download(request, segments(request, d)));
    }
  }

  private static List<String> segments(Request request, int depth) {
    List<String> out = new ArrayList<>(depth);
    for (int i = 0; i < depth; i++) {
      out.add(request.pathParam("s" + i));
    }
    return out;
  }

  private Response list(Request request) {
    Fields f = Fields.of(request);
    Run run = tracking.getRun(f.runId());
    String folder = trimSlashes(f.string("path", ""));
    Map<String, RunArtifact> children = children(run.id(), folder);
    ObjectNode out = Wire.object();
    out.put("root_uri", run.info().artifactUri());
    if (!children.isEmpty()) {
      ArrayNode files = out.putArray("files");
      children.forEach(
          (name, a) -> {
            ObjectNode file = files.addObject();
            file.put("path", folder.isEmpty() ? name : folder + "/" + name);
            file.put("is_dir", a == null);
            if (a != null) {
              file.put("file_size", a.size());
            }
          });
    }
    return Wire.ok(out);
  }

  private Response proxyList(Request request) {
    Fields f = Fields.of(request);
    String path = trimSlashes(f.string("path", ""));
    ObjectNode out = Wire.object();
    RunPath at = path.isEmpty() ? null : RunPath.find(List.of(path.split("/", -1)));
    if (at == null) {
      return Wire.ok(out); // MLflow lists a folder that holds no run's files as empty
    }
    checkRun(at);
    Map<String, RunArtifact> children = children(at.runId, at.file);
    if (!children.isEmpty()) {
      ArrayNode files = out.putArray("files");
      children.forEach(
          (name, a) -> {
            ObjectNode file = files.addObject();
            file.put("path", name);
            file.put("is_dir", a == null);
            if (a != null) {
              file.put("file_size", a.size());
            }
          });
    }
    return Wire.ok(out);
  }

  private Response upload(Request request, List<String> segments) {
    RunPath at = runPath(segments);
    if (at.file.isEmpty()) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "PUT needs a file path after '" + at.root + "/', e.g. '" + at.root + "/model.kiln'.");
    }
    checkRun(at);
    String digest;
    try (InputStream in = request.bodyStream()) {
      digest = artifacts.put(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tracking.logArtifact(at.runId, new RunArtifact(at.file, digest, request.bodyLength()));
    return Wire.empty();
  }

  private Response download(Request request, List<String> segments) {
    RunPath at = runPath(segments);
    checkRun(at);
    RunArtifact found = null;
    boolean folder = false;
    for (RunArtifact a : tracking.listArtifacts(at.runId, at.file)) {
      if (a.path().equals(at.file)) {
        found = a;
      } else if (at.file.isEmpty() || a.path().startsWith(at.file + "/")) {
        folder = true;
      }
    }
    if (found == null) {
      if (folder) {
        throw new HttpError(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "'"
                + at.file
                + "' is a folder of run "
                + at.runId
                + "; list it with GET /api/2.0/mlflow-artifacts/artifacts?path="
                + at.root
                + "/"
                + at.file);
      }
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "Run " + at.runId + " has no artifact '" + at.file + "'.");
    }
    byte[] bytes;
    try (InputStream in = artifacts.open(found.digest())) {
      bytes = in.readAllBytes();
    } catch (StoreException e) {
      if (e.code() == dev.kiln.store.ErrorCode.INVALID_STATE) {
        // the stored bytes changed under the store: not the caller's mistake
        throw new HttpError(ErrorCode.INVALID_STATE, e.getMessage());
      }
      throw e;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String type = URLConnection.guessContentTypeFromName(at.file);
    return Response.of(200, type == null ? "application/octet-stream" : type, bytes)
        .header("X-Kiln-Digest", found.digest());
  }

  /** The artifacts directly under {@code folder}: name → the file, or null for a folder. */
  private Map<String, RunArtifact> children(String runId, String folder) {
    Map<String, RunArtifact> out = new TreeMap<>();
    String prefix = folder.isEmpty() ? "" : folder + "/";
    for (RunArtifact a : tracking.listArtifacts(runId, prefix)) {
      if (!a.path().startsWith(prefix)) {
        continue;
      }
      String rest = a.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        out.put(rest, a);
      } else {
        out.put(rest.substring(0, slash), null);
      }
    }
    return out;
  }

  private static RunPath runPath(List<String> segments) {
    RunPath at = RunPath.find(segments);
    if (at == null) {
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "No run artifacts at '"
              + String.join("/", segments)
              + "': Kiln keeps the files of runs, at <experiment_id>/<run_id>/artifacts/<path> as"
              + " the run's artifact_uri says.");
    }
    if (segments.size() - at.depth > MAX_DEPTH) {
      throw new HttpError(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Artifact paths may be at most " + MAX_DEPTH + " segments deep.");
    }
    return at;
  }

  /** The run must exist and keep its files in this proxy under this very path. */
  private void checkRun(RunPath at) {
    Run run = tracking.getRun(at.runId);
    String uri = run.info().artifactUri();
    String expected = SCHEME + "/" + at.root;
    if (!uri.equals(expected) && !uri.equals(SCHEME + at.root)) {
      throw new HttpError(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "Run " + at.runId + " keeps its artifacts at " + uri + ", not at " + expected + ".");
    }
  }

  private static String trimSlashes(String path) {
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    return path.substring(from, to);
  }

  /**
   * A proxy path split at its run: {@code root} is {@code <prefix…>/<run_id>/artifacts} and {@code
   * file} the path under the run's root ("" for the root).
   */
  private static final class RunPath {
    final String runId;
    final String root;
    final String file;
    final int depth;

    private RunPath(String runId, String root, String file, int depth) {
      this.runId = runId;
      this.root = root;
      this.file = file;
      this.depth = depth;
    }

    static RunPath find(List<String> segments) {
      for (int i = 0; i + 1 < segments.size(); i++) {
        if (RUN_ID.matcher(segments.get(i)).matches() && segments.get(i + 1).equals("artifacts")) {
          return new RunPath(
              segments.get(i),
              String.join("/", segments.subList(0, i + 2)),
              String.join("/", segments.subList(i + 2, segments.size())),
              i + 2);
        }
      }
      return null;
    }
  }
}
