package io.reactivemesh.node;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of a verticle that must run once in the whole mesh: it records itself as owner in {@link Singletons#OWNERS_MAP}
 * before it starts, refuses to start while a live node (this one included) owns it, and hands itself over when stopped
 * cleanly.
 */
public abstract class SingletonVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SingletonVerticle.class);

  private AsyncMap<String, JsonObject> owners;
  private JsonObject ownership;

  /** Starts the singleton's own work, once ownership is recorded. */
  protected abstract Future<?> startSingleton();

  /** Stops the singleton's own work, before ownership is released. */
  protected Future<?> stopSingleton() {
    return Future.succeededFuture();
  }

  /** The name the singleton is known by in the mesh: its class name. */
  public String singletonName() {
    return getClass().getName();
  }

  @Override
  public final Future<?> start() {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    return vertx.sharedData().<String, JsonObject>getAsyncMap(Singletons.OWNERS_MAP)
      .compose(map -> {
        owners = map;
        return vertx.sharedData().getLockWithTimeout(Singletons.LOCK_PREFIX + singletonName(), Singletons.LOCK_TIMEOUT_MILLIS);
      })
      // counted as running here while still under the lock, so that a second start on this node (Vert.x HA and the
      // supervisor may both try) sees it and refuses
      .compose(lock -> claimOwnership(runtime).onSuccess(v -> runtime.singletonStarted(singletonName())).eventually(() -> {
        lock.release();
        return Future.succeededFuture();
      }))
      .compose(v -> startSingleton().onFailure(e -> runtime.singletonStopped(singletonName())))
      .onSuccess(v -> {
        vertx.eventBus().publish(Singletons.STARTED_ADDRESS, ownership.copy().put("name", singletonName()));
        LOG.info("singleton {} now runs on node {} (start #{} in the mesh)", singletonName(),
          runtime.options().nodeName(), ownership.getInteger("starts"));
      });
  }

  private Future<Void> claimOwnership(NodeRuntime runtime) {
    String localNodeId = runtime.cluster().localMember().nodeId();
    return owners.get(singletonName()).compose(current -> {
      if (Singletons.isRunning(current, singletonName(), runtime)) {
        return Future.failedFuture(new IllegalStateException("singleton " + singletonName()
          + " already runs on node " + current.getString("nodeName")));
      }
      int starts = current == null ? 1 : current.getInteger("starts", 0) + 1;
      ownership = new JsonObject()
        .put("node", localNodeId)
        .put("nodeName", runtime.options().nodeName())
        .put("since", System.currentTimeMillis())
        .put("starts", starts);
      return owners.put(singletonName(), ownership);
    });
  }

  @Override
  public final Future<?> stop() {
    NodeRuntime.of(vertx).singletonStopped(singletonName());
    return stopSingleton()
      .transform(ar -> owners.replaceIfPresent(singletonName(), ownership, ownership.copy().put(Singletons.RELEASED, true)))
      .onSuccess(removed -> {
        if (removed) {
          vertx.eventBus().publish(Singletons.RELEASED_ADDRESS, singletonName());
          LOG.info("singleton {} released for hand-over", singletonName());
        }
      })
      .recover(e -> {
        LOG.warn("singleton {} could not release its ownership: {}", singletonName(), e.getMessage());
        return Future.succeededFuture();
      });
  }
}
