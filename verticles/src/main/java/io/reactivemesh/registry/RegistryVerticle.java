package io.reactivemesh.registry;

import io.reactivemesh.node.NodeRuntime;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs the node's {@link ServiceRegistry}: deployed by the node before any service, undeployed after all of them. */
public class RegistryVerticle extends VerticleBase {

  private ServiceRegistry registry;

  @Override
  public Future<?> start() {
    return ServiceRegistry.start(vertx, context, NodeRuntime.of(vertx).cluster()).onSuccess(r -> registry = r);
  }

  @Override
  public Future<?> stop() {
    return registry.close();
  }
}
