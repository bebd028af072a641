package dev.kiln.serve.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.core.json.Json;
import dev.kiln.serve.KilnServer;
import dev.kiln.serve.Route;
import dev.kiln.serve.Routes;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {
  private static SwaggerParseResult parse(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(json, null, options);
  }

  private static String document() {
    return new String(OpenApiDocument.document("9.9.9"), StandardCharsets.UTF_8);
  }

  private static Routes routes() {
    ModelRegistry registry = new ModelRegistry();
    try (ModelService service = ModelService.builder().registry(registry).build()) {
      return service.routes(Routes.builder());
    }
  }

  @Test
  void theDocumentIsValidOpenApi31WithTheServersVersion() {
    SwaggerParseResult result = parse(document());
    assertThat(result.getMessages()).isEmpty();
    OpenAPI api = result.getOpenAPI();
    assertThat(api.getOpenapi()).isEqualTo("3.1.0");
    assertThat(api.getInfo().getVersion()).isEqualTo("9.9.9");
    assertThat(api.getComponents().getSecuritySchemes().get("bearer").getScheme())
        .isEqualTo("bearer");
    assertThat(api.getComponents().getSchemas().get("Error").getRequired())
        .containsExactlyInAnyOrder("error_code", "message", "error");
  }

  @Test
  void theValidatorRejectsABrokenDocument() throws Exception {
    // the check above can fail: an operation without responses and a dangling $ref are reported
    ObjectNode doc = (ObjectNode) Json.mapper().readTree(document());
    ((ObjectNode) doc.at("/paths/~1v1~1feedback/post")).remove("responses");
    ((ObjectNode)
            doc.at("/paths/~1invocations/post/responses/200/content/application~1json/schema"))
        .put("$ref", "#/components/schemas/Nope");
    SwaggerParseResult result = parse(Json.mapper().writeValueAsString(doc));
    assertThat(String.join("\n", result.getMessages())).contains("responses").contains("Nope");
  }

  @Test
  void everyRouteTheServerRegistersIsDocumentedAndNothingElse() {
    Set<String> registered = new TreeSet<>();
    Set<String> open = new TreeSet<>();
    for (Route route : routes().all()) {
      registered.add(route.method() + " " + route.path());
      if (!route.requiresAuth()) {
        open.add(route.method() + " " + route.path());
      }
    }
    OpenAPI api = parse(document()).getOpenAPI();
    Set<String> documented = new TreeSet<>();
    Set<String> documentedOpen = new TreeSet<>();
    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> op :
          path.getValue().readOperationsMap().entrySet()) {
        String key = op.getKey() + " " + path.getKey();
        documented.add(key);
        if (op.getValue().getSecurity() != null && op.getValue().getSecurity().isEmpty()) {
          documentedOpen.add(key);
        }
      }
    }
    assertThat(documented).isEqualTo(registered);
    assertThat(documented).contains("POST /v1/feedback", "GET /openapi.json", "GET /metrics");
    // the operations documented as open without the token are the routes that are
    assertThat(documentedOpen).isEqualTo(open);
  }

  @Test
  void theServerAnswersTheDocumentBehindItsToken() throws Exception {
    ModelRegistry registry = new ModelRegistry();
    try (ModelService service = ModelService.builder().registry(registry).version("1.2.3").build();
        KilnServer server =
            KilnServer.builder()
                .port(0)
                .authToken("s3cret")
                .routes(service.routes(Routes.builder()))
                .build()
                .start()) {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/openapi.json");
      HttpResponse<String> anonymous =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
      HttpResponse<String> ok =
          client.send(
              HttpRequest.newBuilder(uri).header("Authorization", "Bearer s3cret").build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/json");
      JsonNode doc = Json.mapper().readTree(ok.body());
      assertThat(doc.at("/info/version").asText()).isEqualTo("1.2.3");
      assertThat(parse(ok.body()).getMessages()).isEmpty();
    }
  }
}
