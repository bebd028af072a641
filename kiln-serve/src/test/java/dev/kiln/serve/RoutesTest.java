package dev.kiln.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.core.UserException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutesTest {
  private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

  private final Routes routes =
      Routes.builder()
          .get(
              "/v2/models/{name}/versions/{version}",
              r -> Response.text(200, r.pathParam("name") + "@" + r.pathParam("version")))
          .get("/v2/models/{name}/ready", r -> Response.text(200, "ready " + r.pathParam("name")))
          .get("/v2/models/search", r -> Response.text(200, "search " + r.queryParams("tag")))
          .get("/v2/models/{name}", r -> Response.text(200, "model " + r.pathParam("name")))
          .post(
              "/echo",
              r -> {
                JsonNode body = r.json();
                return Response.json(Map.of("got", body.path("x").asInt()));
              })
          .post("/typed", r -> Response.json(r.json(Point.class)))
          .get(
              "/user-mistake",
              r -> {
                throw new UserException("column 'age' must be numeric but was 'old'");
              })
          .get(
              "/bug",
              r -> {
                throw new IllegalStateException("secret internal detail");
              })
          .get(
              "/busy",
              r -> {
                throw new HttpError(
                    ErrorCode.TEMPORARILY_UNAVAILABLE, "model loading", Map.of("Retry-After", "2"));
              })
          .get("/null", r -> null)
          .build();

  record Point(int x, int y) {}

  private Response get(String uri) {
    return routes.respond(Request.of("GET", uri, Map.of(), new byte[0]));
  }

  private Response post(String uri, Map<String, String> headers, String body) {
    return routes.respond(Request.of("POST", uri, headers, body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void bindsPathParametersByTheirNames() {
    assertThat(get("/v2/models/iris/versions/3").bodyText()).isEqualTo("iris@3");
    assertThat(get("/v2/models/iris").bodyText()).isEqualTo("model iris");
    assertThat(get("/v2/models/iris/ready").bodyText()).isEqualTo("ready iris");
  }

  @Test
  void prefersLiteralSegmentsOverParameters() {
    assertThat(get("/v2/models/search?tag=a&tag=b").bodyText()).isEqualTo("search [a, b]");
  }

  @Test
  void decodesPercentEncodedPathSegments() {
    assertThat(get("/v2/models/my%20model%2Fx/versions/1").bodyText()).isEqualTo("my model/x@1");
  }

  @Test
  void answersUnknownPathsWith404InMlflowsErrorShape() {
    Response response = get("/v3/nothing");
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).isEqualTo("application/json");
    assertThat(response.bodyText())
        .isEqualTo(
            "{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"No endpoint /v3/nothing; see the"
                + " server's documentation for its routes.\",\"error\":\"No endpoint /v3/nothing;"
                + " see the server's documentation for its routes.\"}");
    assertThat(get("/v2/models/iris/versions").status()).isEqualTo(404);
    assertThat(get("/v2/models//ready").status()).isEqualTo(404);
  }

  @Test
  void answersAWrongMethodWith405AndTheAllowedOnes() {
    Response response = post("/v2/models/iris", Map.of(), "");
    assertThat(response.status()).isEqualTo(405);
    assertThat(response.headers()).containsEntry("Allow", "GET");
    assertThat(response.bodyText())
        .contains("POST is not allowed on /v2/models/iris; allowed: GET.");
  }

  @Test
  void buildsInPingAndHealth() {
    assertThat(get("/ping").status()).isEqualTo(200);
    assertThat(get("/health").bodyText()).isEqualTo("{\"status\":\"ok\"}");
    Route ping = routes.all().stream().filter(r -> r.path().equals("/ping")).findFirst().get();
    assertThat(ping.requiresAuth()).isFalse();
    assertThat(ping.runsOnIoThread()).isTrue();
  }

  @Test
  void letsTheApplicationReplaceTheHealthRoutes() {
    Routes own = Routes.builder().get("/ping", r -> Response.text(200, "\n")).build();
    assertThat(own.respond(Request.of("GET", "/ping", Map.of(), new byte[0])).bodyText())
        .isEqualTo("\n");
  }

  @Test
  void parsesJsonBodies() {
    Response response = post("/echo", JSON, "{\"x\": 41}");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("{\"got\":41}");
    assertThat(
            post("/echo", Map.of("Content-Type", "application/json; charset=utf-8"), "{}").status())
        .isEqualTo(200);
  }

  @Test
  void answersMalformedJsonWith400NamingLineAndColumn() {
    Response response = post("/echo", JSON, "{\"x\": 41,\n \"y\": }");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .contains("\"error_code\":\"MALFORMED_REQUEST\"")
        .contains("Malformed JSON in the request body at line 2, column 7: Unexpected character");
  }

  @Test
  void answersAnEmptyJsonBodyWith400() {
    assertThat(post("/echo", JSON, "").bodyText())
        .contains("The request body is empty; expected JSON.");
  }

  @Test
  void answersAWrongContentTypeWith415() {
    Response response = post("/echo", Map.of("Content-Type", "text/csv"), "a,b\n1,2");
    assertThat(response.status()).isEqualTo(415);
    assertThat(response.bodyText())
        .contains("Expected Content-Type application/json but the request sent 'text/csv'.");
  }

  @Test
  void namesTheFieldOfAWrongType() {
    Response response = post("/typed", JSON, "{\"x\": 1, \"y\": \"up\"}");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"")
        .contains("Field 'y' is not valid");
  }

  @Test
  void turnsAUserExceptionInto400WithItsMessage() {
    Response response = get("/user-mistake");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText())
        .contains("\"message\":\"column 'age' must be numeric but was 'old'\"");
  }

  @Test
  void turnsAnUnexpectedExceptionInto500WithoutItsDetails() {
    Response response = get("/bug");
    assertThat(response.status()).isEqualTo(500);
    assertThat(response.bodyText())
        .contains("\"error_code\":\"INTERNAL_ERROR\"")
        .contains("the server log has the details")
        .doesNotContain("secret")
        .doesNotContain("IllegalStateException")
        .doesNotContain("at dev.kiln");
    assertThat(get("/null").status()).isEqualTo(500);
  }

  @Test
  void carriesTheHeadersOfAnHttpError() {
    Response response = get("/busy");
    assertThat(response.status()).isEqualTo(503);
    assertThat(response.headers()).containsEntry("Retry-After", "2");
  }

  @Test
  void answersABrokenPercentEscapeWith400() {
    Response response = get("/v2/models/a%2");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.bodyText()).contains("'%' not followed by two hex digits at character 13.");
    assertThat(get("/v2/models/search?tag=%zz").status()).isEqualTo(400);
  }

  @Test
  void rejectsTwoRoutesForTheSameRequests() {
    assertThatThrownBy(
            () -> Routes.builder().get("/m/{a}", r -> null).get("/m/{b}", r -> null).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes 'GET /m/{a}' and 'GET /m/{b}' match the same requests");
  }

  @Test
  void rejectsMalformedTemplates() {
    assertThatThrownBy(() -> Route.get("models", r -> null))
        .hasMessage("a route path must start with '/' but was 'models'");
    assertThatThrownBy(() -> Route.get("/m/x{a}", r -> null))
        .hasMessage("segment 2 of '/m/x{a}' must be a literal or a whole {name} but was 'x{a}'");
    assertThatThrownBy(() -> Route.get("/m/{a}/{a}", r -> null))
        .hasMessage("path parameter 'a' appears twice in '/m/{a}/{a}'");
  }

  @Test
  void refusesAPathParameterTheRouteDoesNotHave() {
    Routes bad =
        Routes.builder().get("/m/{name}", r -> Response.text(200, r.pathParam("nam"))).build();
    Response response = bad.respond(Request.of("GET", "/m/x", Map.of(), new byte[0]));
    assertThat(response.status()).isEqualTo(500);
  }
}
