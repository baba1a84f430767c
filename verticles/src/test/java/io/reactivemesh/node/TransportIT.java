package io.reactivemesh.node;

import io.reactivemesh.gateway.GatewayVerticle;
import io.reactivemesh.service.EchoService;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.TestConfs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's {@code --transport}: epoll by default where it loads, java.nio when asked, and the two in one mesh. */
@ExtendWith(VertxExtension.class)
class TransportIT {

  /** Linux x86-64: the platform the fat jar carries Netty's epoll library for (CI and the benchmarks run there). */
  static final boolean EPOLL_PLATFORM =
    System.getProperty("os.name").equals("Linux") && System.getProperty("os.arch").equals("amd64");

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static JsonObject deploying(String verticle, JsonObject config) {
    return new JsonObject().put(DeploymentPlan.SECTION, new JsonObject().put("services",
      new JsonArray().add(new JsonObject().put("verticle", verticle).put("config", config))));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldCarryCallsBetweenAnEpollNodeAndANioNode(Vertx vertx, VertxTestContext testContext) {
    WebClient web = WebClient.create(vertx);
    JsonObject gatewayOnly = deploying(GatewayVerticle.class.getName(), new JsonObject()
      .put("routes", new JsonArray().add(TestConfs.route("echo", "/api/echo", EchoService.NAME))));
    JsonObject echoOnly = deploying(EchoService.class.getName(), new JsonObject());
    cluster.ofSize(2);
    cluster.start(0, gatewayOnly)
      .compose(gateway -> cluster.start(1, echoOnly, "transport", "nio").compose(echo ->
        // node 0 has no echo instance: a 200 means the call crossed the event bus from one transport to the other
        AsyncPoll.until(vertx, Duration.ofSeconds(20), "node-0 answers through node-1's echo", () ->
          web.get(gateway.runtime().httpPort(), "127.0.0.1", "/api/echo").send()
            .map(r -> Optional.of(r.statusCode()).filter(status -> status == 200))
            .otherwise(Optional.empty()))
          .compose(answered -> {
            testContext.verify(() -> {
              assertThat(gateway.vertx().isNativeTransportEnabled()).isEqualTo(EPOLL_PLATFORM);
              assertThat(echo.vertx().isNativeTransportEnabled()).isFalse();
            });
            return Future.succeededFuture();
          })))
      .onComplete(testContext.succeedingThenComplete());
  }
}
