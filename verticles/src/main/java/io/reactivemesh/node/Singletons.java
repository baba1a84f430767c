package io.reactivemesh.node;

import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/** Names shared by the singleton machinery: the ownership map, its locks and the hand-over address. */
public final class Singletons {

  /** Cluster-wide map: singleton verticle class name -> owner record (node, nodeName, since, starts,
   *  released). */
  public static final String OWNERS_MAP = "mesh.singletons";
  /** Published when a singleton stops cleanly, so another node can take it over without a failover. */
  public static final String RELEASED_ADDRESS = "mesh.node.singleton-released";
  /** Published with the owner record (plus {@code name}) each time a singleton starts somewhere in the mesh. */
  public static final String STARTED_ADDRESS = "mesh.node.singleton-started";
  static final String LOCK_PREFIX = "mesh.singletons.lock.";
  static final long LOCK_TIMEOUT_MILLIS = 5_000;

  /** Set in an owner record when its singleton stopped cleanly: the record stays, so the start count goes on. */
  public static final String RELEASED = "released";

  private Singletons() {
  }

  /**
   * Whether {@code owner} says the singleton runs now: on another node that is still a member, or — when the record
   * names this node — here. A record naming this node while the singleton does not run here is stale: after a split
   * heals, the merge can keep the record this node wrote before quorum loss undeployed the singleton, and trusting it
   * would leave the singleton running nowhere (drill).
   */
  static boolean isRunning(JsonObject owner, String localNodeId, boolean runningHere, Predicate<String> isMember) {
    if (owner == null || owner.getBoolean(RELEASED, false)) {
      return false;
    }
    String node = owner.getString("node");
    return localNodeId.equals(node) ? runningHere : isMember.test(node);
  }

  /** {@link #isRunning} as {@code runtime}'s node sees it. */
  static boolean isRunning(JsonObject owner, String singleton, NodeRuntime runtime) {
    return isRunning(owner, runtime.cluster().localMember().nodeId(), runtime.localSingletons().contains(singleton),
      runtime.cluster()::isMember);
  }
}
