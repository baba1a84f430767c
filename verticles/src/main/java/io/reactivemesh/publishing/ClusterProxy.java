package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The proxy of one Hazelcast structure, obtained on a worker thread and kept: creating a map proxy builds its indexes
 * by cluster operations that block, and below the quorum it fails (index creation is a write on a protected map), so
 * such a proxy is created once no partition is migrating, ahead of the first call ({@link #warmUp}). A failed lookup
 * is tried again on the next use. Used from one verticle's context.
 */
final class ClusterProxy<T> {

  /** How often a warm-up that could not run yet (below the quorum) checks again. */
  static final long WARM_UP_RETRY_MILLIS = 1_000;
  /** The longest a lookup waits for partition migrations to end before it creates the proxy anyway. */
  static final long MIGRATION_WAIT_MILLIS = 5_000;
  private static final long MIGRATION_POLL_MILLIS = 100;
  /** A lookup this slow is logged: a call that needed the proxy may have waited as long. */
  static final long SLOW_LOOKUP_MILLIS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(ClusterProxy.class);

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final String name;
  private final Supplier<T> lookup;
  private final BooleanSupplier warmUpNow;
  private Future<T> proxy;

  /**
   * The proxy of the structure {@code name}, which {@code lookup} gets (or creates) from {@code hazelcast}, warmed up
   * only when {@code warmUpNow} says its creation can succeed (a protected map: quorum present).
   */
  ClusterProxy(Vertx vertx, HazelcastInstance hazelcast, String name, Supplier<T> lookup, BooleanSupplier warmUpNow) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.name = name;
    this.lookup = lookup;
    this.warmUpNow = warmUpNow;
  }

  /** The proxy of the map {@code name}, warmed up at once. */
  static <K, V> ClusterProxy<IMap<K, V>> map(Vertx vertx, HazelcastInstance hazelcast, String name) {
    return new ClusterProxy<>(vertx, hazelcast, name, () -> hazelcast.getMap(name), () -> true);
  }

  Future<T> get() {
    if (proxy == null || proxy.failed()) {
      proxy = ClusterCalls.blocking(vertx, this::lookUp);
    }
    return proxy;
  }

  /**
   * Looks the proxy up ahead of the first call, so that no call waits on its creation. When that cannot succeed yet
   * (a protected map below the quorum: the first node alone, or a node that is still a lite member) or fails, it is
   * tried again every {@link #WARM_UP_RETRY_MILLIS} until it succeeds, on this verticle's context (undeploying it
   * cancels the timer). The returned future never fails.
   */
  Future<Void> warmUp() {
    if (proxy != null && proxy.succeeded()) {
      return Future.succeededFuture();
    }
    if (!warmUpNow.getAsBoolean()) {
      vertx.setTimer(WARM_UP_RETRY_MILLIS, id -> warmUp());
      return Future.succeededFuture();
    }
    return get().<Void>mapEmpty().recover(e -> {
      LOG.info("cluster structure not ready yet, warm-up tried again in {} ms: {}", WARM_UP_RETRY_MILLIS, e.toString());
      vertx.setTimer(WARM_UP_RETRY_MILLIS, id -> warmUp());
      return Future.succeededFuture();
    });
  }

  private T lookUp() throws InterruptedException {
    long start = System.nanoTime();
    if (!hazelcast.getConfig().findMapConfig(name).getIndexConfigs().isEmpty()) {
      awaitNoMigration(hazelcast.getPartitionService());
    }
    T found = lookup.get();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (millis >= SLOW_LOOKUP_MILLIS) {
      LOG.info("the proxy of {} was ready after {} ms (waiting for partition migrations included)", name, millis);
    }
    return found;
  }

  /**
   * Waits, at most {@link #MIGRATION_WAIT_MILLIS}, until no partition is migrating and every backup is in sync. The
   * proxy of a map with indexes adds them on every partition when it is created; started while partitions migrated (a
   * member joining), that was seen to hang until the cluster's membership changed again, holding every call that
   * needed the map on that node. Creating any other proxy makes no such cluster-wide call.
   */
  private static void awaitNoMigration(PartitionService partitions) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MIGRATION_WAIT_MILLIS);
    while (!partitions.isClusterSafe() && System.nanoTime() < deadline) {
      Thread.sleep(MIGRATION_POLL_MILLIS);
    }
  }
}
