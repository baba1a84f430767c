package io.reactivemesh.ops;

import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.registry.ServiceRegistry;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * {@code GET /health/live} (the event loop answers) and {@code GET /health/ready}: 200 when the node has joined the
 * cluster, sees a quorum, has deployed its plan with every service instance registered, has the backups of its data in
 * place, and is not stopping; otherwise 503 with the failing check named.
 */
public final class HealthRoutes {

  public static final String LIVE = "/health/live";
  public static final String READY = "/health/ready";

  private HealthRoutes() {
  }

  public static void mount(Vertx vertx, Router router) {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    // a check that only completes when an event loop runs it: a blocked node times out and reads DOWN
    router.get(LIVE).handler(HealthCheckHandler.create(vertx)
      .register("event-loop", promise -> promise.complete(Status.OK())));

    HealthCheckHandler ready = HealthCheckHandler.create(vertx)
      .register("cluster", promise -> promise.complete(status(runtime.cluster().running(),
        new JsonObject().put("name", runtime.cluster().clusterName()).put("members", runtime.cluster().size()))))
      .register("quorum", promise -> promise.complete(status(runtime.cluster().hasDataQuorum(),
        new JsonObject().put("members", runtime.cluster().size()).put("dataMembers", runtime.cluster().dataMembers())
          .put("quorum", runtime.cluster().quorum()))))
      .register("services", promise -> {
        boolean registered = runtime.deployed() && ServiceRegistry.of(vertx).ownInstancesRegistered();
        promise.complete(status(registered, new JsonObject().put("deployed", runtime.deployed()).put("registered", registered)));
      })
      .register("data", promise -> dataSafe(vertx, runtime, promise))
      .register("accepting", promise -> promise.complete(status(!runtime.stopping(),
        new JsonObject().put("stopping", runtime.stopping()))));
    router.get(READY).handler(ready);
  }

  /**
   * UP once every partition this member owns has had its backups in place: a member that started alone holds the only
   * copy of its data until the others join and the backups are made, and killing it then would lose that data. Once
   * safe, the check stays UP, so that the re-replication after another member's crash does not make every node unready.
   */
  private static void dataSafe(Vertx vertx, NodeRuntime runtime, Promise<Status> promise) {
    if (runtime.dataSafe()) {
      promise.complete(Status.OK(new JsonObject().put("backupsInPlace", true)));
      return;
    }
    if (runtime.cluster().size() < 2) {
      // alone, there is nowhere to put a backup: nothing to wait for, and nothing to remember either
      promise.complete(Status.OK(new JsonObject().put("backupsInPlace", false).put("alone", true)));
      return;
    }
    vertx.executeBlocking(() -> runtime.cluster().hazelcast().getPartitionService().isLocalMemberSafe(), false)
      .onComplete(ar -> {
        boolean safe = ar.succeeded() && ar.result();
        if (safe) {
          runtime.markDataSafe();
        }
        promise.complete(status(safe, new JsonObject().put("backupsInPlace", safe)));
      });
  }

  private static Status status(boolean ok, JsonObject data) {
    return ok ? Status.OK(data) : Status.KO(data);
  }
}
