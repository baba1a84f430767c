package io.reactivemesh.registry;

import io.reactivemesh.node.MeshNode;
import io.reactivemesh.service.MeshService;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.TestConfs;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node withdraws its instances before its services stop (the first step of a clean stop), over real Hazelcast
 * members in one JVM: the other nodes drop them from their caches, and every call, through either gateway, goes to the
 * instances that stay.
 */
@ExtendWith(VertxExtension.class)
class RegistryWithdrawalIT {

  private static final int CALLS = 20;

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldRouteEveryCallToTheInstancesThatStayOnceANodeWithdrawsItsOwn(VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.startAll(TestConfs.echoBehindGateway(TestConfs.route("echo", "/api/echo/:id", "echo")))
      .compose(nodes -> {
        MeshNode leaving = nodes.get(0);
        MeshNode staying = nodes.get(1);
        String leavingNode = leaving.runtime().cluster().localMember().nodeId();
        return ServiceRegistry.of(leaving.vertx()).unpublishOwn()
          .compose(v -> AsyncPoll.untilPresent(staying.vertx(), Duration.ofSeconds(5),
            "no instance of " + leavingNode + " in the other node's cache",
            () -> Optional.of(ServiceRegistry.of(staying.vertx()).instances("echo"))
              .filter(all -> all.stream().noneMatch(r -> r.nodeId().equals(leavingNode)))))
          .compose(v -> calls(WebClient.create(leaving.vertx()), List.of(leaving, staying)))
          .map(responses -> {
            testContext.verify(() -> {
              assertThat(ServiceRegistry.of(leaving.vertx()).instances("echo")).as("the leaving node's own cache")
                .noneMatch(r -> r.nodeId().equals(leavingNode));
              assertThat(responses).as("calls through both gateways").hasSize(2 * CALLS)
                .allSatisfy(r -> {
                  assertThat(r.statusCode()).isEqualTo(200);
                  assertThat(r.getHeader(MeshService.INSTANCE_HEADER)).startsWith(staying.runtime().cluster()
                    .localMember().name());
                });
            });
            return null;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  /** {@link #CALLS} calls through each node's gateway, one after the other. */
  private static Future<List<HttpResponse<Buffer>>> calls(WebClient web, List<MeshNode> gateways) {
    List<HttpResponse<Buffer>> responses = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (MeshNode gateway : gateways) {
      for (int i = 0; i < CALLS; i++) {
        String path = "/api/echo/" + i;
        chain = chain.compose(v -> web.get(gateway.runtime().httpPort(), "127.0.0.1", path).send())
          .map(response -> {
            responses.add(response);
            return null;
          });
      }
    }
    return chain.map(v -> responses);
  }
}
