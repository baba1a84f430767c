package io.reactivemesh.registry;

import io.reactivemesh.node.MeshNode;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.TestConfs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry heals itself after a split, over real Hazelcast members in one JVM: a node that wrongly took another
 * node for gone (it was frozen with SIGSTOP, or cut off) removes a live instance's record from the shared store, as
 * the fault drills saw; the instance's own node publishes it again and every node sends to it again.
 */
@ExtendWith(VertxExtension.class)
class RegistryHealingIT {

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldPublishALiveInstanceAgainWhenAnotherNodeRemovesItsRecord(VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.startAll(TestConfs.echoBehindGateway())
      .compose(nodes -> {
        MeshNode owner = nodes.get(0);
        MeshNode other = nodes.get(1);
        String instance = ServiceRegistry.of(owner.vertx()).instances("echo").stream()
          .filter(r -> r.nodeName().equals("node-0")).findFirst().orElseThrow().instanceId();
        Future<Void> republished = announcedUp(other, instance);
        ServiceDiscovery discovery = ServiceDiscovery.create(other.vertx(),
          new ServiceDiscoveryOptions().setAnnounceAddress(ServiceRegistry.ANNOUNCE_ADDRESS).setName("mesh"));
        return discovery.getRecords(r -> instance.equals(r.getMetadata().getString("instanceId")))
          .compose(records -> discovery.unpublish(records.get(0).getRegistration()))
          .compose(v -> republished)
          .compose(v -> cached(other, instance))
          .compose(v -> discovery.getRecords(r -> instance.equals(r.getMetadata().getString("instanceId"))))
          .onComplete(ar -> discovery.close())
          .map(stored -> {
            testContext.verify(() -> {
              assertThat(stored).as("the instance's record is back in the store").hasSize(1);
              assertThat(ServiceRegistry.of(owner.vertx()).instances("echo")).as("the owner's cache")
                .anyMatch(r -> r.instanceId().equals(instance));
            });
            return null;
          });
      })
      .onComplete(testContext.succeedingThenComplete());
  }

  /** Completes once {@code node}'s cache holds {@code instanceId} (the cache takes announcements on its own context). */
  private static Future<ServiceRecord> cached(MeshNode node, String instanceId) {
    return AsyncPoll.untilPresent(node.vertx(), Duration.ofSeconds(2), "instance " + instanceId + " back in " + node,
      () -> ServiceRegistry.of(node.vertx()).instances("echo").stream()
        .filter(r -> r.instanceId().equals(instanceId)).findFirst());
  }

  /** Completes once {@code observer} hears {@code instanceId} announced up (its record published again). */
  private static Future<Void> announcedUp(MeshNode observer, String instanceId) {
    Promise<Void> up = Promise.promise();
    observer.vertx().eventBus().<JsonObject>consumer(ServiceRegistry.ANNOUNCE_ADDRESS, msg -> {
      Record record = new Record(msg.body());
      if (record.getStatus() == Status.UP && instanceId.equals(record.getMetadata().getString("instanceId"))) {
        up.tryComplete();
      }
    });
    return up.future();
  }
}
