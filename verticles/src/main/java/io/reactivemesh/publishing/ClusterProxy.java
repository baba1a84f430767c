package io.reactivemesh.publishing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The proxy of one Hazelcast structure, obtained on a worker thread and kept: creating a map proxy builds its indexes
 * by cluster operations that block, and below the quorum it fails (index creation is a write on a protected map). A
 * failed lookup is tried again on the next use. Used from one verticle's context.
 */
final class ClusterProxy<T> {

  private final Vertx vertx;
  private final Supplier<T> lookup;
  private final BooleanSupplier warmUpNow;
  private Future<T> proxy;

  ClusterProxy(Vertx vertx, Supplier<T> lookup) {
    this(vertx, lookup, () -> true);
  }

  /** A proxy warmed up only when {@code warmUpNow} says its creation can succeed (a protected map: quorum present). */
  ClusterProxy(Vertx vertx, Supplier<T> lookup, BooleanSupplier warmUpNow) {
    this.vertx = vertx;
    this.lookup = lookup;
    this.warmUpNow = warmUpNow;
  }

  Future<T> get() {
    if (proxy == null || proxy.failed()) {
      proxy = ClusterCalls.blocking(vertx, lookup::get);
    }
    return proxy;
  }

  /** Looks the proxy up ahead of the first call; a failure now only means the first call tries again. */
  Future<Void> warmUp() {
    if (!warmUpNow.getAsBoolean()) {
      return Future.succeededFuture();
    }
    return get().<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }
}
