package io.reactivemesh.ops;

import io.reactivemesh.gateway.GatewayVerticle;
import io.reactivemesh.node.CommandLine;
import io.reactivemesh.node.DeploymentPlan;
import io.reactivemesh.node.MeshNode;
import io.reactivemesh.node.NodeOptions;
import io.reactivemesh.support.FreePorts;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the cluster: 503 naming the failing check while the node joins and while quorum is missing, 200
 * once enough members joined; and 503 as soon as the node stops, while it still serves before it closes its port.
 */
@ExtendWith(VertxExtension.class)
class ReadinessIT {

  private static final JsonObject CONF = new JsonObject().put(DeploymentPlan.SECTION, new JsonObject()
    .put("services", new JsonArray().add(new JsonObject().put("verticle", GatewayVerticle.class.getName()))));

  private static final int PROBES = 100;
  private static final long PROBE_INTERVAL_MILLIS = 100;

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static Future<HttpResponse<Buffer>> ready(WebClient web, MeshNode node) {
    return web.get(node.runtime().httpPort(), "127.0.0.1", HealthRoutes.READY).send();
  }

  /**
   * Probes readiness as a load balancer does, every {@link #PROBE_INTERVAL_MILLIS}, until 200 or the probes run out:
   * once quorum is present the node still waits for the backups of its data, whose end is no event a test can see.
   */
  private static Future<HttpResponse<Buffer>> probeUntilReady(Vertx vertx, WebClient web, MeshNode node, int probes) {
    return ready(web, node).compose(r -> r.statusCode() == 200 || probes <= 1 ? Future.succeededFuture(r)
      : vertx.timer(PROBE_INTERVAL_MILLIS).compose(v -> probeUntilReady(vertx, web, node, probes - 1)));
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
        return cluster.start(1, CONF, "quorum", "2").compose(second -> probeUntilReady(vertx, web, first, PROBES));
      }))
      .onComplete(testContext.succeeding(together -> testContext.verify(() -> {
        assertThat(together.statusCode()).isEqualTo(200);
        assertThat(statusOf(together, "quorum")).isEqualTo("UP");
        assertThat(statusOf(together, "data")).isEqualTo("UP");
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldAnswerUnreadyWhileTheNodeIsStillJoiningTheCluster(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    List<Integer> ports = FreePorts.pick(3);
    int httpPort = ports.get(0);
    // a joiner whose only seed does not answer: it keeps trying to join for a few seconds, then gives up
    NodeOptions options = NodeOptions.resolve(CommandLine.parse(List.of(
      "--http-port", String.valueOf(httpPort), "--hz-port", String.valueOf(ports.get(1)),
      "--members", "127.0.0.1:" + ports.get(2), "--cluster-name", "test-" + UUID.randomUUID())), Map.of(), l -> CONF);
    Future<MeshNode> start = MeshNode.start(options, DeploymentPlan.from(CONF), Map.of());
    askUntilAnswered(web, httpPort, 200)
      .onComplete(testContext.succeeding(joining -> testContext.verify(() -> {
        assertThat(joining.statusCode()).isEqualTo(503);
        assertThat(statusOf(joining, "cluster")).isEqualTo("DOWN");
        assertThat(start.isComplete()).isFalse();
        start.onComplete(ar -> testContext.verify(() -> {
          assertThat(ar.failed()).as("a joiner that finds no member does not start").isTrue();
          testContext.completeNow();
        }));
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldKeepServingWhileUnreadyBeforeItStopsAcceptingOnShutdown(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    cluster.ofSize(1);
    cluster.start(0, CONF, "drain-timeout-ms", "3000")
      .compose(node -> probeUntilReady(vertx, web, node, PROBES).compose(ready -> {
        node.shutdown();
        return Future.all(ready(web, node), web.get(node.runtime().httpPort(), "127.0.0.1", HealthRoutes.LIVE).send())
          .map(both -> {
            testContext.verify(() -> {
              HttpResponse<Buffer> unready = both.resultAt(0);
              HttpResponse<Buffer> live = both.resultAt(1);
              assertThat(unready.statusCode()).as("readiness once the node is stopping").isEqualTo(503);
              assertThat(statusOf(unready, "accepting")).isEqualTo("DOWN");
              assertThat(live.statusCode()).as("a request still served while load balancers move away").isEqualTo(200);
            });
            return node;
          });
      }))
      .compose(node -> Future.fromCompletionStage(node.shutdown()).map(node))
      .compose(node -> ready(web, node).transform(ar -> Future.succeededFuture(ar.failed())))
      .onComplete(testContext.succeeding(refused -> testContext.verify(() -> {
        assertThat(refused).as("the port is closed once the node stopped").isTrue();
        testContext.completeNow();
      })));
  }

  /** Asks {@code /health/ready} until the port answers at all (the joining node binds it at once), a bounded number of times. */
  private static Future<HttpResponse<Buffer>> askUntilAnswered(WebClient web, int port, int attempts) {
    return web.get(port, "127.0.0.1", HealthRoutes.READY).send()
      .recover(e -> attempts > 1 ? askUntilAnswered(web, port, attempts - 1) : Future.failedFuture(e));
  }
}
