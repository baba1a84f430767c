package io.reactivemesh.node;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Keeps each singleton of the plan running somewhere in the mesh: deploys it with HA when no live node owns it — at
 * start, when a member joins and quorum is reached, when a member leaves, and when a singleton is handed over
 * ({@link Singletons#RELEASED_ADDRESS}). Vert.x HA restarts singletons of crashed nodes too; the ownership check in
 * {@link SingletonVerticle} lets only one of the two starts win.
 */
public class SingletonSupervisorVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SingletonSupervisorVerticle.class);

  private final List<DeploymentPlan.Unit> singletons;
  private NodeRuntime runtime;
  private AsyncMap<String, JsonObject> owners;
  private MessageConsumer<String> released;

  public SingletonSupervisorVerticle(List<DeploymentPlan.Unit> singletons) {
    this.singletons = List.copyOf(singletons);
  }

  @Override
  public Future<?> start() {
    runtime = NodeRuntime.of(vertx);
    released = vertx.eventBus().consumer(Singletons.RELEASED_ADDRESS, msg -> claimAll());
    runtime.cluster().onMembershipChange(context, change -> claimAll());
    return vertx.sharedData().<String, JsonObject>getAsyncMap(Singletons.OWNERS_MAP)
      .compose(map -> {
        owners = map;
        return released.completion();
      })
      .onSuccess(v -> claimAll());
  }

  @Override
  public Future<?> stop() {
    return released.unregister();
  }

  private void claimAll() {
    if (runtime.stopping() || !runtime.cluster().hasQuorum()) {
      return;
    }
    singletons.forEach(this::claim);
  }

  private void claim(DeploymentPlan.Unit unit) {
    owners.get(unit.verticle())
      .compose(owner -> Singletons.isRunning(owner, unit.verticle(), runtime) ? Future.succeededFuture() : deploy(unit))
      .onFailure(e -> LOG.debug("singleton {} not started here: {}", unit.shortName(), e.getMessage()));
  }

  private Future<String> deploy(DeploymentPlan.Unit unit) {
    if (runtime.stopping()) {
      return Future.failedFuture("node is stopping");
    }
    return vertx.deployVerticle(unit.verticle(), new DeploymentOptions().setHa(true).setConfig(unit.config()));
  }
}
