package io.reactivemesh.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This node's view of the cluster membership: the live members with their node ids, names and gateway addresses,
 * whether a quorum is present, and membership changes delivered on a Vert.x context.
 */
public final class ClusterView {

  /** The Vert.x node id attribute that vertx-hazelcast sets on each member. */
  static final String VERTX_NODE_ID_ATTRIBUTE = "__vertx.nodeId";

  /** One live member as this node sees it. */
  public record MemberInfo(String nodeId, String name, String httpAddress, String clusterAddress, boolean local) {

    public JsonObject toJson() {
      return new JsonObject()
        .put("nodeId", nodeId)
        .put("name", name)
        .put("http", httpAddress)
        .put("cluster", clusterAddress)
        .put("local", local);
    }
  }

  /** A member joined or left; {@code nodeId} is its Vert.x node id. */
  public record MembershipChange(String nodeId, String name, boolean joined) {
  }

  private final HazelcastInstance hazelcast;
  private final int quorum;
  private final List<UUID> listenerIds = new CopyOnWriteArrayList<>();

  public ClusterView(HazelcastInstance hazelcast, int quorum) {
    this.hazelcast = Objects.requireNonNull(hazelcast);
    this.quorum = quorum;
  }

  public List<MemberInfo> members() {
    Member local = hazelcast.getCluster().getLocalMember();
    return hazelcast.getCluster().getMembers().stream().map(m -> info(m, m.equals(local))).toList();
  }

  public MemberInfo localMember() {
    return info(hazelcast.getCluster().getLocalMember(), true);
  }

  public int size() {
    return running() ? hazelcast.getCluster().getMembers().size() : 0;
  }

  public int quorum() {
    return quorum;
  }

  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  /** The members that hold data: all but lite members (a node joining the mesh, until it is deployed). */
  public long dataMembers() {
    return running() ? hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).count() : 0;
  }

  /** Whether the members are at least the quorum, as Vert.x HA counts them to deploy the singletons. */
  public boolean hasQuorum() {
    return size() >= quorum;
  }

  /**
   * Whether the members that hold data are at least the quorum: Hazelcast's split-brain protection counts only these,
   * so below it the mesh refuses writes, and a node is not ready.
   */
  public boolean hasDataQuorum() {
    return dataMembers() >= quorum;
  }

  public boolean isMember(String nodeId) {
    return running() && hazelcast.getCluster().getMembers().stream()
      .anyMatch(m -> nodeId.equals(m.getAttribute(VERTX_NODE_ID_ATTRIBUTE)));
  }

  /**
   * The Hazelcast member behind this node, for services that keep their state in the cluster (maps, counters):
   * use its asynchronous operations only, never a blocking call on an event loop.
   */
  public HazelcastInstance hazelcast() {
    return hazelcast;
  }

  public String clusterName() {
    return hazelcast.getConfig().getClusterName();
  }

  /** Calls {@code handler} on {@code context} for every member that joins or leaves from now on. */
  public void onMembershipChange(Context context, Handler<MembershipChange> handler) {
    listenerIds.add(hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        MemberInfo member = info(event.getMember(), false);
        context.runOnContext(v -> handler.handle(new MembershipChange(member.nodeId(), member.name(), true)));
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        MemberInfo member = info(event.getMember(), false);
        context.runOnContext(v -> handler.handle(new MembershipChange(member.nodeId(), member.name(), false)));
      }
    }));
  }

  /** Removes every listener added through this view; called when the node stops. */
  public void close() {
    if (running()) {
      listenerIds.forEach(id -> hazelcast.getCluster().removeMembershipListener(id));
    }
    listenerIds.clear();
  }

  private static MemberInfo info(Member member, boolean local) {
    return new MemberInfo(
      member.getAttribute(VERTX_NODE_ID_ATTRIBUTE),
      member.getAttribute(ClusterConfigFactory.NODE_NAME_ATTRIBUTE),
      member.getAttribute(ClusterConfigFactory.HTTP_ADDRESS_ATTRIBUTE),
      member.getAddress().getHost() + ":" + member.getAddress().getPort(),
      local);
  }
}
