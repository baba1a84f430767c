package io.reactivemesh.node;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import io.reactivemesh.support.AsyncPoll;
import io.reactivemesh.support.TestCluster;
import io.reactivemesh.support.services.MembershipProbeVerticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

/**
 * A node takes its share of the data only once deployed: the first member of a cluster holds data from the start, a
 * member joining an existing cluster deploys its plan as a lite member and owns partitions once started.
 */
@ExtendWith(VertxExtension.class)
class DataMembershipIT {

  @RegisterExtension
  final TestCluster cluster = new TestCluster();

  private static JsonObject probeConf() {
    return new JsonObject().put(DeploymentPlan.SECTION, new JsonObject().put("services",
      new JsonArray().add(new JsonObject().put("verticle", MembershipProbeVerticle.class.getName()))));
  }

  private static long partitionsOwnedBy(HazelcastInstance hazelcast) {
    var local = hazelcast.getCluster().getLocalMember();
    return hazelcast.getPartitionService().getPartitions().stream().map(Partition::getOwner)
      .filter(local::equals).count();
  }

  @Test
  @Timeout(value = 60, timeUnit = TimeUnit.SECONDS)
  void shouldJoinAsALiteMemberAndTakeItsShareOfTheDataOnceDeployed(VertxTestContext testContext) {
    cluster.ofSize(2);
    cluster.startAll(probeConf())
      .compose(nodes -> {
        MeshNode joiner = nodes.get(1);
        HazelcastInstance member = joiner.runtime().cluster().hazelcast();
        // the partitions migrate to it after its promotion, on Hazelcast's threads, with no event the test can take
        return AsyncPoll.untilPresent(joiner.vertx(), Duration.ofSeconds(20), "the joiner owns partitions",
          () -> Optional.of(partitionsOwnedBy(member)).filter(owned -> owned > 0)).map(owned -> nodes);
      })
      .onComplete(testContext.succeeding(nodes -> testContext.verify(() -> {
        MeshNode first = nodes.get(0);
        MeshNode joiner = nodes.get(1);
        assertThat(MembershipProbeVerticle.wasLiteWhenDeployed(first.vertx())).as("the first member, deploying").isFalse();
        assertThat(MembershipProbeVerticle.wasLiteWhenDeployed(joiner.vertx())).as("the joiner, deploying").isTrue();
        assertThat(joiner.runtime().cluster().hazelcast().getCluster().getLocalMember().isLiteMember())
          .as("the joiner, started").isFalse();
        testContext.completeNow();
      })));
  }
}
