package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceRoutesTest {

  private final ServiceRoutes routes = new ServiceRoutes()
    .on("GET", "/api/articles/:id", (request, params) ->
      Future.succeededFuture(Reply.ok(new JsonObject().put("id", params.get("id")))))
    .on("POST", "/api/articles", (request, params) -> Future.succeededFuture(Reply.of(201, null)));

  @Test
  void shouldCallTheHandlerWithThePathParameters() {
    Future<Reply> reply = routes.dispatch(Request.of("GET", "/api/articles/abc"));

    assertThat(((JsonObject) reply.result().body()).getString("id")).isEqualTo("abc");
    assertThat(routes.dispatch(Request.of("POST", "/api/articles/")).result().status()).isEqualTo(201);
  }

  @Test
  void shouldAnswer405ForAKnownPathAnd404ForAnUnknownOne() {
    assertThat(((MeshException) routes.dispatch(Request.of("DELETE", "/api/articles")).cause()).status()).isEqualTo(405);
    assertThat(((MeshException) routes.dispatch(Request.of("GET", "/api/articles/a/b")).cause()).status()).isEqualTo(404);
    assertThat(((MeshException) routes.dispatch(Request.of("GET", "/api/articles//")).cause()).status()).isEqualTo(404);
  }
}
