package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request validation against an OpenAPI document, through HTTP: a router built as the gateway builds its own (body
 * checks of {@link HttpEnvelope}, then the route's {@link OperationCheck}) in front of a stand-in service that counts
 * the requests reaching it. Two documents: a small one with a constrained path parameter and headers
 * (test resource gateway/things-openapi.yaml), and the bundled publishing API (openapi.yaml).
 */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationCheckTest {

  private static final String THINGS = "gateway/things-openapi.yaml";
  private static final String PUBLISHING = "openapi.yaml";
  private static final String PROBLEM_JSON = "application/problem+json";
  private static final int MAX_JSON_DEPTH = 32;

  private final AtomicInteger serviceCalls = new AtomicInteger();
  private final List<Object> bodiesReceived = new ArrayList<>();
  private Vertx vertx;
  private WebClient web;
  private int port;

  @BeforeAll
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void startServer(VertxTestContext testContext) {
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    Future.all(ApiContract.load(vertx, THINGS), ApiContract.load(vertx, PUBLISHING))
      .compose(loaded -> {
        ApiContract things = loaded.resultAt(0);
        ApiContract publishing = loaded.resultAt(1);
        Router router = Router.router(vertx);
        router.route().handler(io.vertx.ext.web.handler.BodyHandler.create(false));
        mount(router, things, "/api/things", HttpMethod.GET, HttpMethod.POST);
        mount(router, things, "/api/things/:id", HttpMethod.PUT, HttpMethod.POST);
        mount(router, publishing, "/api/articles", HttpMethod.GET, HttpMethod.POST);
        mount(router, publishing, "/api/articles/:id", HttpMethod.PUT);
        return vertx.createHttpServer().requestHandler(router).listen(0);
      })
      .onComplete(testContext.succeeding(server -> {
        port = server.actualPort();
        testContext.completeNow();
      }));
  }

  @AfterAll
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void forgetCalls() {
    serviceCalls.set(0);
    bodiesReceived.clear();
  }

  /** What GatewayVerticle.forward does before the envelope, with a counting stand-in for the service after it. */
  private void mount(Router router, ApiContract contract, String path, HttpMethod... methods) {
    for (HttpMethod method : methods) {
      OperationCheck check = contract.check(path, method).orElseThrow(() ->
        new AssertionError("no operation for " + method + " " + path));
      router.route(method, path).handler(ctx -> {
        Buffer raw;
        try {
          raw = HttpEnvelope.jsonBody(ctx, MAX_JSON_DEPTH);
        } catch (MeshException e) {
          HttpEnvelope.send(ctx, e.toReply());
          return;
        }
        check.validate(ctx, raw)
          .onSuccess(body -> service(ctx, body))
          .onFailure(error -> HttpEnvelope.send(ctx, error instanceof MeshException mesh ? mesh.toReply()
            : Reply.problem(500, "Internal Server Error", String.valueOf(error), null)));
      });
    }
  }

  private void service(RoutingContext ctx, Object body) {
    serviceCalls.incrementAndGet();
    bodiesReceived.add(body);
    HttpEnvelope.send(ctx, Reply.ok(new JsonObject().put("reached", true)));
  }

  private HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return web.request(method, port, "127.0.0.1", uri);
  }

  /** Sends every request, then checks each answer and how many reached the service. */
  private void expect(VertxTestContext testContext, int reachedService, List<Future<HttpResponse<Buffer>>> calls,
                      Function<List<HttpResponse<Buffer>>, Runnable> checks) {
    Future.all(calls).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
      checks.apply(all.list()).run();
      assertThat(serviceCalls.get()).as("requests that reached the service").isEqualTo(reachedService);
      testContext.completeNow();
    })));
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("content-type")).isEqualTo(PROBLEM_JSON);
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("field")).as(problem.encode()).isEqualTo(field);
    assertThat(problem.getString("detail")).isNotBlank();
  }

  private static JsonObject article() {
    return new JsonObject().put("title", "A title").put("body", "Some text").put("author", "ann")
      .put("tags", new JsonArray().add("news"));
  }

  @Test
  @DisplayName("a route the document describes gets its operation; a method or route it does not describe gets none")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldFindTheOperationOfARouteByItsPathAndMethodOnly(VertxTestContext testContext) {
    ApiContract.load(vertx, THINGS).onComplete(testContext.succeeding(things -> testContext.verify(() -> {
      assertThat(things.check("/api/things/:id", HttpMethod.PUT)).map(OperationCheck::operationId).contains("replaceThing");
      assertThat(things.check("/api/things", HttpMethod.POST)).map(OperationCheck::operationId).contains("createThing");
      assertThat(things.check("/api/things/:id", HttpMethod.DELETE)).isEmpty();
      assertThat(things.check("/api/echo/:id", HttpMethod.GET)).isEmpty();
      assertThat(things.check("/api/things/:thingId", HttpMethod.PUT)).as("another parameter name").isEmpty();
      testContext.completeNow();
    })));
  }

  @Test
  @DisplayName("a broken document fails the load with a message saying what is wrong")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldFailToLoadADocumentThatIsNotValidOpenApi(VertxTestContext testContext) {
    String broken = "target/broken-openapi.yaml";
    vertx.fileSystem().writeFile(broken, Buffer.buffer("""
        openapi: 3.1.0
        info: {title: broken, version: "1"}
        paths:
          /api/things:
            delete:
              responses:
                '204': {description: Deleted, or there was nothing to delete}
        """))
      .compose(v -> ApiContract.load(vertx, broken))
      .onComplete(testContext.failing(error -> testContext.verify(() -> {
        assertThat(error.getMessage()).as("where and why").contains("invalid")
          .contains("paths > /api/things > delete > responses > 204 > or there was nothing to delete");
        testContext.completeNow();
      })));
  }

  @Test
  @DisplayName("valid requests reach the service, with their body decoded once")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldLetValidRequestsThrough(VertxTestContext testContext) {
    JsonObject thing = new JsonObject().put("name", "box").put("size", 3).put("labels", new JsonArray().add("red"));
    expect(testContext, 6, List.of(
      request(HttpMethod.GET, "/api/things?limit=100&owner=1.5").putHeader("X-Tenant", "t1").send(),
      request(HttpMethod.POST, "/api/things").sendJsonObject(thing),
      request(HttpMethod.PUT, "/api/things/7").putHeader("If-Match", "\"1\", \"2\"").sendJsonObject(thing),
      request(HttpMethod.POST, "/api/things/7").send(),
      request(HttpMethod.POST, "/api/articles").putHeader("Idempotency-Key", "1.5")
        .sendJsonObject(article().put("tags", null).put("id", "x").put("version", "anything")),
      request(HttpMethod.GET, "/api/articles?author=a.b-c_d&status=draft&limit=1&cursor=YWZ0ZXI6eA").send()),
      responses -> () -> {
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200));
        assertThat(bodiesReceived).contains(thing);
      });
  }

  @Test
  @DisplayName("a bad body is a 422 naming the field, or a 400 naming the body when it is not even an object")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseABodyThatBreaksTheSchemaWithoutCallingTheService(VertxTestContext testContext) {
    expect(testContext, 0, List.of(
      request(HttpMethod.POST, "/api/things").sendJsonObject(new JsonObject().put("size", 1)),
      request(HttpMethod.POST, "/api/things").sendJsonObject(new JsonObject().put("name", 5)),
      request(HttpMethod.POST, "/api/things").sendJsonObject(new JsonObject().put("name", "x").put("colour", "red")),
      request(HttpMethod.POST, "/api/things").sendJsonObject(new JsonObject().put("name", "x")
        .put("labels", new JsonArray().add("ok").add("toolong"))),
      request(HttpMethod.POST, "/api/things").sendJson(new JsonArray().add(1)),
      request(HttpMethod.POST, "/api/things").putHeader("content-type", "application/json").send(),
      request(HttpMethod.POST, "/api/things").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("{\"name\": "))),
      responses -> () -> {
        assertProblem(responses.get(0), 422, "name");
        assertThat(responses.get(0).bodyAsJsonObject().getString("detail")).isEqualTo("name is required");
        assertProblem(responses.get(1), 422, "name");
        assertProblem(responses.get(2), 422, "colour");
        assertProblem(responses.get(3), 422, "labels");
        assertThat(responses.get(3).bodyAsJsonObject().getString("pointer")).isEqualTo("/labels/1");
        assertProblem(responses.get(4), 400, "body");
        assertProblem(responses.get(5), 400, "body");
        assertProblem(responses.get(6), 400, "body");
      });
  }

  @Test
  @DisplayName("a bad path or query parameter or header is a 400 naming it; a missing If-Match a 428")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseBadParametersWithoutCallingTheService(VertxTestContext testContext) {
    JsonObject thing = new JsonObject().put("name", "box");
    expect(testContext, 0, List.of(
      request(HttpMethod.GET, "/api/things?limit=abc").putHeader("X-Tenant", "t1").send(),
      request(HttpMethod.GET, "/api/things?limit=0").putHeader("X-Tenant", "t1").send(),
      request(HttpMethod.GET, "/api/things?owner=Not%20Me").putHeader("X-Tenant", "t1").send(),
      request(HttpMethod.GET, "/api/things").send(),
      request(HttpMethod.PUT, "/api/things/abc").putHeader("If-Match", "\"1\"").sendJsonObject(thing),
      request(HttpMethod.PUT, "/api/things/0").putHeader("If-Match", "\"1\"").sendJsonObject(thing),
      request(HttpMethod.PUT, "/api/things/7").sendJsonObject(thing)),
      responses -> () -> {
        assertProblem(responses.get(0), 400, "limit");
        assertProblem(responses.get(1), 400, "limit");
        assertProblem(responses.get(2), 400, "owner");
        assertProblem(responses.get(3), 400, "X-Tenant");
        assertProblem(responses.get(4), 400, "id");
        assertProblem(responses.get(5), 400, "id");
        assertProblem(responses.get(6), 428, "If-Match");
      });
  }

  @Test
  @DisplayName("the publishing API's rules answer as its services do: 422 for a field, 400 for a parameter")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseBadArticlesWithTheStatusAndFieldTheServiceWouldGive(VertxTestContext testContext) {
    JsonArray elevenTags = new JsonArray();
    for (int i = 0; i < 11; i++) {
      elevenTags.add("t" + i);
    }
    expect(testContext, 0, List.of(
      request(HttpMethod.POST, "/api/articles").sendJsonObject(article().put("title", "t".repeat(201))),
      request(HttpMethod.POST, "/api/articles").sendJsonObject(article().put("title", "   ")),
      request(HttpMethod.POST, "/api/articles").sendJsonObject(article().put("author", "Not An Author")),
      request(HttpMethod.POST, "/api/articles").sendJsonObject(article().put("tags", elevenTags)),
      request(HttpMethod.POST, "/api/articles").sendJsonObject(article().put("tags", new JsonArray().add("a").add("a"))),
      request(HttpMethod.POST, "/api/articles").sendJsonObject(new JsonObject().put("body", "b").put("author", "ann")),
      request(HttpMethod.POST, "/api/articles").sendJsonObject(article().put("title", 42)),
      request(HttpMethod.POST, "/api/articles").putHeader("Idempotency-Key", "").sendJsonObject(article()),
      request(HttpMethod.GET, "/api/articles?limit=abc").send(),
      request(HttpMethod.GET, "/api/articles?limit=101").send(),
      request(HttpMethod.GET, "/api/articles?status=archived").send(),
      request(HttpMethod.PUT, "/api/articles/x").sendJsonObject(article())),
      responses -> () -> {
        assertProblem(responses.get(0), 422, "title");
        assertThat(responses.get(0).bodyAsJsonObject().getString("detail")).contains("201 > 200");
        assertProblem(responses.get(1), 422, "title");
        assertProblem(responses.get(2), 422, "author");
        assertThat(responses.get(2).bodyAsJsonObject().getString("detail")).contains("^[a-z0-9._-]{1,64}$");
        assertProblem(responses.get(3), 422, "tags");
        assertProblem(responses.get(4), 422, "tags");
        assertProblem(responses.get(5), 422, "title");
        assertProblem(responses.get(6), 422, "title");
        assertProblem(responses.get(7), 400, "Idempotency-Key");
        assertProblem(responses.get(8), 400, "limit");
        assertProblem(responses.get(9), 400, "limit");
        assertProblem(responses.get(10), 400, "status");
        assertProblem(responses.get(11), 428, "If-Match");
      });
  }

  @Test
  @DisplayName("every violation of a body is listed under errors, the first one named in field")
  @Timeout(value = 10, timeUnit = TimeUnit.SECONDS)
  void shouldListEveryViolationOfABody(VertxTestContext testContext) {
    expect(testContext, 0, List.of(request(HttpMethod.POST, "/api/articles")
        .sendJsonObject(article().put("title", "").put("author", "Bad Author").put("summary", "x"))),
      responses -> () -> {
        JsonArray errors = responses.get(0).bodyAsJsonObject().getJsonArray("errors");
        assertThat(errors.stream().map(e -> ((JsonObject) e).getString("field")))
          .contains("title", "author", "summary");
      });
  }
}
