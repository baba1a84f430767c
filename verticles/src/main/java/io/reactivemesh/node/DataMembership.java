package io.reactivemesh.node;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a node takes its share of the mesh's data: it joins the cluster as a Hazelcast lite member (one that owns no
 * partitions) and becomes a data member once its deployment plan is deployed, so that partitions migrate to it when its
 * JVM has finished the CPU-heavy start rather than in the middle of it. The rolling drill saw writes to the partitions
 * moving to a node that had just joined wait past their 2 s deadline, on a slow 2-core machine. A member that finds no
 * data member in the cluster (the first one) takes its share at once: the cluster's own state needs somewhere to live.
 */
final class DataMembership {

  private static final Logger LOG = LoggerFactory.getLogger(DataMembership.class);

  private DataMembership() {
  }

  /** Makes the member start as a lite member, and take data at once if it finds no data member once started. */
  static void joinAsLiteMember(Config config) {
    config.setLiteMember(true);
    config.addListenerConfig(new ListenerConfig(new FirstDataMember()));
  }

  /**
   * Makes this node's member a data member, if it is not one yet. Completes one heartbeat interval after Hazelcast
   * accepted it: every member re-applies its split-brain protection (which counts data members only) once per
   * heartbeat interval and on membership changes, and a promotion is not a membership change, so until then a member
   * may still refuse writes as if this one held no data.
   */
  static Future<Void> takeShare(Vertx vertx, HazelcastInstance hazelcast) {
    if (!hazelcast.getCluster().getLocalMember().isLiteMember()) {
      return Future.succeededFuture();
    }
    long heartbeatMillis = new HazelcastProperties(hazelcast.getConfig()).getMillis(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS);
    return vertx.<Void>executeBlocking(() -> {
        promote(hazelcast.getCluster());
        return null;
      }, false)
      .compose(promoted -> vertx.timer(heartbeatMillis).<Void>mapEmpty())
      .recover(e -> {
        // the node still works without data of its own: the others hold it; say so and go on
        LOG.warn("node stays a lite member (holds no partitions): {}", e.toString());
        return Future.succeededFuture();
      });
  }

  private static void promote(Cluster cluster) {
    if (cluster.getLocalMember().isLiteMember()) {
      cluster.promoteLocalLiteMember();
      LOG.info("member {} now holds its share of the data ({} members)", cluster.getLocalMember().getAddress(),
        cluster.getMembers().size());
    }
  }

  /** On start: a member that finds only lite members (itself included) becomes a data member before anything is stored. */
  private static final class FirstDataMember implements LifecycleListener, HazelcastInstanceAware {

    private volatile HazelcastInstance hazelcast;

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcast) {
      this.hazelcast = hazelcast;
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
      if (event.getState() == LifecycleEvent.LifecycleState.STARTED && hazelcast != null
        && hazelcast.getCluster().getMembers().stream().allMatch(Member::isLiteMember)) {
        promote(hazelcast.getCluster());
      }
    }
  }
}
