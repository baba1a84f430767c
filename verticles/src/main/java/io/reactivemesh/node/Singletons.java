package io.reactivemesh.node;

import io.vertx.core.json.JsonObject;

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

  /** Whether {@code owner} says a node that is still a member runs the singleton now. */
  static boolean isHeldByLiveNode(JsonObject owner, ClusterView cluster) {
    return owner != null && !owner.getBoolean(RELEASED, false) && cluster.isMember(owner.getString("node"));
  }
}
