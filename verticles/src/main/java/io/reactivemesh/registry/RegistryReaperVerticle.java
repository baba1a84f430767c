package io.reactivemesh.registry;

import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.SingletonVerticle;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's one janitor of the shared discovery store (a singleton): removes the records of nodes that left the
 * cluster, when it starts, whenever a member leaves, and every {@code reapIntervalMillis} to catch stragglers.
 */
public class RegistryReaperVerticle extends SingletonVerticle {

  static final long DEFAULT_REAP_INTERVAL_MILLIS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(RegistryReaperVerticle.class);

  private long timerId = -1;

  @Override
  protected Future<?> startSingleton() {
    long interval = config().getLong("reapIntervalMillis", DEFAULT_REAP_INTERVAL_MILLIS);
    if (interval <= 0) {
      return Future.failedFuture(new IllegalArgumentException("reapIntervalMillis must be positive, got " + interval));
    }
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
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  private void reap() {
    ServiceRegistry.of(vertx).reapDeparted()
      .onSuccess(count -> {
        if (count > 0) {
          LOG.info("reaped {} service record(s) of departed nodes", count);
        }
      })
      .onFailure(e -> LOG.warn("reaping departed nodes' records failed: {}", e.getMessage()));
  }
}
