package io.reactivemesh.support.services;

import io.reactivemesh.node.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;

/** A test verticle that records, as it is deployed, whether its node's Hazelcast member holds data yet (not lite). */
public class MembershipProbeVerticle extends VerticleBase {

  private static final String STATE = "test.membership-probe";

  /** Whether the node's member was a lite member when this verticle was deployed on {@code nodeVertx}. */
  public static boolean wasLiteWhenDeployed(Vertx nodeVertx) {
    return (Boolean) nodeVertx.sharedData().getLocalMap(STATE).get("lite");
  }

  @Override
  public Future<?> start() {
    boolean lite = NodeRuntime.of(vertx).cluster().hazelcast().getCluster().getLocalMember().isLiteMember();
    vertx.sharedData().getLocalMap(STATE).put("lite", lite);
    return Future.succeededFuture();
  }
}
