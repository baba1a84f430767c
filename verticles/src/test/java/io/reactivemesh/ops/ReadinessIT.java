package io.reactivemesh.ops;

import io.reactivemesh.gateway.GatewayVerticle;
import io.reactivemesh.node.DeploymentPlan;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness follows the quorum: 503 naming the failing check while it is missing, 200 once enough members joined. */
@ExtendWith(VertxExtension.class)
class ReadinessIT {

  private static final JsonObject CONF = new JsonObject().put(DeploymentPlan.SECTION, new JsonObject()
    .put("services", new JsonArray().add(new JsonObject().put("verticle", GatewayVerticle.class.getName()))));

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static Future<HttpResponse<Buffer>> ready(WebClient web, MeshNode node) {
    return web.get(node.runtime().httpPort(), "127.0.0.1", HealthRoutes.READY).send();
  }

  private static String statusOf(HttpResponse<Buffer> response, String check) {
    return response.bodyAsJsonObject().getJsonArray("checks").stream()
      .map(JsonObject.class::cast)
      .filter(c -> check.equals(c.getString("id")))
      .map(c -> c.getString("status"))
      .findFirst().orElse("absent");
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldBeUnreadyWithoutQuorumAndReadyOnceItIsPresent(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    cluster.ofSize(2);
    cluster.start(0, CONF, "quorum", "2")
      .compose(first -> ready(web, first).compose(alone -> {
        testContext.verify(() -> {
          assertThat(alone.statusCode()).isEqualTo(503);
          assertThat(statusOf(alone, "quorum")).isEqualTo("DOWN");
          assertThat(statusOf(alone, "cluster")).isEqualTo("UP");
        });
        return cluster.start(1, CONF, "quorum", "2").compose(second -> ready(web, first));
      }))
      .onComplete(testContext.succeeding(together -> testContext.verify(() -> {
        assertThat(together.statusCode()).isEqualTo(200);
        assertThat(statusOf(together, "quorum")).isEqualTo("UP");
        testContext.completeNow();
      })));
  }
}
