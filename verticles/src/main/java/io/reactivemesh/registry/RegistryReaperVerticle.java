package io.reactivemesh.registry;

import io.reactivemesh.node.ClusterView;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.SingletonVerticle;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's one janitor of the shared discovery store (a singleton): removes the records of nodes that left the
 * cluster, when it starts, whenever a member leaves, and every {@code reapIntervalMillis} to catch stragglers — only
 * while its side of the cluster has the quorum: a node cut off (or frozen, then resumed) sees every other node as
 * gone, and reaping their records would take every live instance out of the mesh.
 */
public class RegistryReaperVerticle extends SingletonVerticle {

  static final long DEFAULT_REAP_INTERVAL_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(RegistryReaperVerticle.class);

  private long timerId = -1;
  /** False once stopped: the membership listener outlives the singleton's deployment. */
  private boolean running;

  @Override
  protected Future<?> startSingleton() {
    long interval = config().getLong("reapIntervalMillis", DEFAULT_REAP_INTERVAL_MILLIS);
    if (interval <= 0) {
      return Future.failedFuture(new IllegalArgumentException("reapIntervalMillis must be positive, got " + interval));
    }
    running = true;
    NodeRuntime.of(vertx).cluster().onMembershipChange(context, change -> {
      if (!change.joined()) {
        reap();
      }
    });
    timerId = vertx.setPeriodic(interval, id -> reap());
    reap();
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> stopSingleton() {
    running = false;
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  private void reap() {
    ClusterView cluster = NodeRuntime.of(vertx).cluster();
    if (!running || !cluster.hasQuorum()) {
      LOG.debug("not reaping: {}", running ? "this side of the cluster is below the quorum" : "stopped");
      return;
    }
    ServiceRegistry.of(vertx).reapDeparted()
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("reaped {} service record(s) of departed nodes", count);
        }
      })
      .onFailure(e -> LOG.warn("reaping departed nodes' records failed: {}", e.getMessage()));
  }
}
