package io.reactivemesh.publishing;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionFunction;
import io.reactivemesh.node.NodeRuntime;

import java.util.Collection;

/**
 * Hazelcast split-brain protection of the publishing maps (cluster-config/*.xml, {@code publishing-quorum}): a side of
 * the cluster has the minimum size when it holds at least the mesh quorum ({@code --quorum}, a majority: 2 of 3),
 * so a minority side refuses writes while a one-node mesh (quorum 1) still accepts them.
 *
 * <p>Hazelcast's own {@code minimum-cluster-size} is a constant of at least 2 in the XML; the quorum is a node option,
 * so the articles service puts it in the member's user context ({@link Publishing#QUORUM_USER_CONTEXT_KEY}) at start,
 * and this function reads it each time Hazelcast re-evaluates the membership.
 */
public class QuorumFunction implements SplitBrainProtectionFunction, HazelcastInstanceAware {

  /** The split-brain protection's name in cluster-config/*.xml. */
  static final String NAME = "publishing-quorum";
  static final int DEFAULT_QUORUM = 1;

  private volatile HazelcastInstance hazelcast;

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
    this.hazelcast = hazelcastInstance;
  }

  @Override
  public boolean apply(Collection<Member> members) {
    return members.size() >= quorum();
  }

  int quorum() {
    HazelcastInstance instance = hazelcast;
    Object value = instance == null ? null : instance.getUserContext().get(Publishing.QUORUM_USER_CONTEXT_KEY);
    return value instanceof Integer quorum && quorum > 0 ? quorum : DEFAULT_QUORUM;
  }

  /** Whether this member's split-brain protection lets writes through now (false until Hazelcast first evaluated it). */
  static boolean satisfied(HazelcastInstance hazelcast) {
    return hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(NAME).hasMinimumSize();
  }

  /** Tells this node's member the mesh quorum; each publishing service that writes does so before it takes traffic. */
  static void install(NodeRuntime runtime) {
    runtime.cluster().hazelcast().getUserContext().put(Publishing.QUORUM_USER_CONTEXT_KEY, runtime.options().quorum());
  }
}
