package io.reactivemesh.node;

import io.reactivemesh.registry.RegistryReaperVerticle;
import io.reactivemesh.support.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Singletons over real Hazelcast members in one JVM: once in the mesh, held back without quorum, handed over on a clean stop. */
@ExtendWith(VertxExtension.class)
class SingletonIT {

  private static final String REAPER = RegistryReaperVerticle.class.getName();
  private static final JsonObject PLAN = new JsonObject().put(DeploymentPlan.SECTION, new JsonObject()
    .put("singletons", new JsonArray().add(new JsonObject().put("verticle", REAPER))));

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static long runningCopies(List<MeshNode> nodes) {
    return nodes.stream().filter(n -> n.runtime().localSingletons().contains(REAPER)).count();
  }

  /** Completes with the owner record of the next start of the reaper that {@code observer} hears of. */
  private static Future<JsonObject> nextStart(MeshNode observer) {
    Promise<JsonObject> started = Promise.promise();
    observer.vertx().eventBus().<JsonObject>consumer(Singletons.STARTED_ADDRESS, msg -> {
      if (REAPER.equals(msg.body().getString("name"))) {
        started.tryComplete(msg.body());
      }
    }).completion();
    return started.future();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldRunASingletonOnceWhenThreeNodesStart(VertxTestContext testContext) {
    cluster.ofSize(3);
    cluster.startAll(PLAN)
      .onComplete(testContext.succeeding(nodes -> testContext.verify(() -> {
        assertThat(nodes).hasSize(3);
        assertThat(runningCopies(nodes)).isEqualTo(1);
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldHoldSingletonsBackUntilQuorumIsPresent(VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.start(0, PLAN, "quorum", "2")
      .compose(first -> {
        testContext.verify(() -> assertThat(first.runtime().localSingletons()).isEmpty());
        Future<JsonObject> started = nextStart(first);
        return cluster.start(1, PLAN, "quorum", "2").compose(second -> started);
      })
      .onComplete(testContext.succeeding(owner -> testContext.verify(() -> {
        assertThat(owner.getInteger("starts")).isEqualTo(1);
        assertThat(runningCopies(cluster.nodes())).isEqualTo(1);
        testContext.completeNow();
      })));
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldHandASingletonOverWhenItsNodeStopsCleanly(VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.startAll(PLAN)
      .compose(nodes -> {
        MeshNode holder = nodes.stream().filter(n -> n.runtime().localSingletons().contains(REAPER)).findFirst().orElseThrow();
        MeshNode survivor = nodes.get(0) == holder ? nodes.get(1) : nodes.get(0);
        Future<JsonObject> restarted = nextStart(survivor);
        return Future.fromCompletionStage(holder.shutdown()).compose(v -> restarted)
          .map(owner -> {
            testContext.verify(() -> {
              assertThat(owner.getString("nodeName")).isEqualTo(survivor.runtime().options().nodeName());
              assertThat(owner.getInteger("starts")).isEqualTo(2);
              assertThat(survivor.runtime().localSingletons()).containsExactly(REAPER);
            });
            return owner;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }
}
