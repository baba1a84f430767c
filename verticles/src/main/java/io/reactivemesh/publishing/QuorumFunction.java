package io.reactivemesh.publishing;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import com.hazelcast.splitbrainprotection.HeartbeatAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import io.reactivemesh.node.ClusterConfigFactory;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Hazelcast split-brain protection of the publishing maps (cluster-config/*.xml, {@code publishing-quorum}): a side of
 * the cluster has the minimum size when this member and the members it heard a heartbeat from lately are at least the
 * mesh quorum ({@code --quorum}, a majority: 2 of 3), so a minority side refuses writes while a one-node mesh
 * (quorum 1) still accepts them.
 *
 * <p>Counting only recently heard members, as Hazelcast's {@code recently-active} protection does, lets a member cut
 * off refuse writes after {@link #MISSED_HEARTBEATS} missed heartbeats (3 s with the bundled 1 s interval), before the
 * cluster removes the silent members (5 s, {@code hazelcast.max.no.heartbeat.seconds}): a member is not declared dead
 * any sooner, so a slow heartbeat costs a few refused writes, never a migration. Hazelcast applies this function on
 * every membership change and once per heartbeat interval.
 *
 * <p>Hazelcast's own {@code minimum-cluster-size} is a constant of at least 2 in the XML; the quorum is a node option,
 * so the node puts it in its member's user context ({@link ClusterConfigFactory#QUORUM_USER_CONTEXT_KEY}) before the
 * member starts, and this function reads it each time it is applied.
 */
public class QuorumFunction implements SplitBrainProtectionFunction, HeartbeatAware, MembershipListener,
  HazelcastInstanceAware {

  /** The split-brain protection's name in cluster-config/*.xml. */
  static final String NAME = "publishing-quorum";
  static final int DEFAULT_QUORUM = 1;
  /** A member silent for this many heartbeat intervals no longer counts towards the quorum. */
  static final int MISSED_HEARTBEATS = 3;

  private final Map<UUID, Long> lastHeard = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private volatile HazelcastInstance hazelcast;
  private volatile long toleranceMillis = MISSED_HEARTBEATS * 1000L;

  public QuorumFunction() {
    this(System::currentTimeMillis);
  }

  QuorumFunction(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
    this.toleranceMillis = MISSED_HEARTBEATS
      * new HazelcastProperties(hazelcastInstance.getConfig()).getMillis(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS);
  }

  @Override
  public boolean apply(Collection<Member> members) {
    int quorum = quorum();
    if (members.size() < quorum) {
      return false;
    }
    long now = clock.getAsLong();
    long present = members.stream().filter(m -> m.localMember() || heardLately(m, now)).count();
    return present >= quorum;
  }

  @Override
  public void onHeartbeat(Member member, long timestamp) {
    lastHeard.merge(member.getUuid(), timestamp, Math::max);
  }

  /** A member that just joined counts as heard: its first heartbeat is up to one interval away. */
  @Override
  public void memberAdded(MembershipEvent event) {
    onHeartbeat(event.getMember(), clock.getAsLong());
  }

  @Override
  public void memberRemoved(MembershipEvent event) {
    lastHeard.remove(event.getMember().getUuid());
  }

  long toleranceMillis() {
    return toleranceMillis;
  }

  private boolean heardLately(Member member, long now) {
    Long heard = lastHeard.get(member.getUuid());
    return heard != null && now - heard <= toleranceMillis;
  }

  int quorum() {
    HazelcastInstance instance = hazelcast;
    return instance == null ? DEFAULT_QUORUM : quorumOf(instance);
  }

  /** The mesh quorum the node put in its member's user context (ClusterConfigFactory), or 1 when there is none. */
  private static int quorumOf(HazelcastInstance instance) {
    Object value = instance.getUserContext().get(ClusterConfigFactory.QUORUM_USER_CONTEXT_KEY);
    return value instanceof Integer quorum && quorum > 0 ? quorum : DEFAULT_QUORUM;
  }

  /**
   * Whether a write can pass the split-brain protection now: the members holding data are at least the quorum, and this
   * member's protection lets writes through (false until Hazelcast first evaluated it). The first part is checked
   * here because Hazelcast re-applies the function only on membership changes and heartbeats, and a lite member
   * becoming a data member (DataMembership) is neither: until the next heartbeat, the protection of a member that
   * just joined, or of the partition owners it writes to, can still say what it said before.
   */
  static boolean satisfied(HazelcastInstance hazelcast) {
    int quorum = quorumOf(hazelcast);
    return hazelcast.getCluster().getMembers().stream().filter(m -> !m.isLiteMember()).count() >= quorum
      && hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(NAME).hasMinimumSize();
  }
}
