package io.reactivemesh.gateway;

import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.TestConfs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Fault injection per route: from the conf, and changed at run time on every node through the admin endpoint. */
@ExtendWith(VertxExtension.class)
class FaultInjectionIT {

  private static final String TOKEN = "test-admin-token-0123456789";

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static JsonObject conf(JsonObject fault) {
    return TestConfs.echoBehindGateway(TestConfs.route("echo", "/api/echo", "echo").put("fault", fault));
  }

  private static Future<HttpResponse<Buffer>> get(WebClient web, MeshNode node, String path) {
    return web.get(node.runtime().httpPort(), "127.0.0.1", path).send();
  }

  private static Future<HttpResponse<Buffer>> putFault(WebClient web, MeshNode node, String token, JsonObject fault) {
    var request = web.put(node.runtime().httpPort(), "127.0.0.1", "/mesh/admin/faults/echo");
    if (token != null) {
      request.putHeader("authorization", "Bearer " + token);
    }
    return request.sendJsonObject(fault);
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldDelayRequestsAsTheConfSays(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    cluster.ofSize(1);
    cluster.start(0, conf(new JsonObject().put("delayMillis", 300).put("delayPercent", 100)))
      .compose(node -> {
        long start = System.nanoTime();
        return get(web, node, "/api/echo").map(r -> {
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          testContext.verify(() -> {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(elapsed).isGreaterThanOrEqualTo(300);
          });
          return r;
        });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  @Test
  @Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
  void shouldApplyAFaultChangedAtRunTimeOnEveryNode(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    JsonObject abortAll = new JsonObject().put("abortStatus", 503).put("abortPercent", 100);
    cluster.ofSize(2);
    cluster.startAll(conf(new JsonObject()), "admin-token", TOKEN)
      .compose(nodes -> {
        MeshNode other = nodes.get(1);
        Promise<Void> applied = Promise.promise();
        other.vertx().eventBus().localConsumer(FaultRegistry.APPLIED_ADDRESS, msg -> applied.tryComplete());
        return get(web, other, "/api/echo")
          .compose(before -> {
            testContext.verify(() -> assertThat(before.statusCode()).isEqualTo(200));
            return Future.all(putFault(web, nodes.get(0), null, abortAll),
              putFault(web, nodes.get(0), "wrong-token-0123456789", abortAll));
          })
          .compose(refused -> {
            testContext.verify(() -> assertThat(refused.<HttpResponse<Buffer>>list())
              .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401)));
            return putFault(web, nodes.get(0), TOKEN, new JsonObject().put("abortPercent", 101));
          })
          .compose(invalid -> {
            testContext.verify(() -> {
              assertThat(invalid.statusCode()).isEqualTo(422);
              assertThat(invalid.bodyAsJsonObject().getString("detail")).contains("fault.abortPercent");
            });
            return putFault(web, nodes.get(0), TOKEN, abortAll);
          })
          .compose(accepted -> {
            testContext.verify(() -> assertThat(accepted.statusCode()).isEqualTo(200));
            return applied.future();
          })
          .compose(v -> get(web, other, "/api/echo"));
      })
      .onComplete(testContext.succeeding(after -> testContext.verify(() -> {
        assertThat(after.statusCode()).isEqualTo(503);
        assertThat(after.bodyAsJsonObject().getString("title")).isEqualTo("Fault Injected");
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldRefuseAdminCallsWhenNoTokenIsConfigured(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    cluster.ofSize(1);
    cluster.start(0, conf(new JsonObject()))
      .compose(node -> putFault(web, node, TOKEN, new JsonObject().put("abortPercent", 100)))
      .onComplete(testContext.succeeding(r -> testContext.verify(() -> {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("--admin-token");
        assertThat(List.of(r.getHeader("content-type"))).containsExactly("application/problem+json");
        testContext.completeNow();
      })));
  }
}
