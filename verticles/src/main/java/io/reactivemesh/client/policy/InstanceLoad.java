package io.reactivemesh.client.policy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of one instance as this node sees it (calls in flight and a peak-EWMA latency), which the
 * balancer turns into a cost; thread-safe, since every event loop of the node calls through it.
 */
public final class InstanceLoad {

  /** A failed call counts as at least this many times the current estimate. */
  public static final double FAILURE_PENALTY_FACTOR = 2.0;
  /** The penalty alone never lifts the estimate above this, so a few fast failures don't bench an instance for long. */
  public static final long FAILURE_PENALTY_CAP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final AtomicInteger inFlight = new AtomicInteger();
  private final Ewma latency;

  public InstanceLoad() {
    this(new Ewma());
  }

  public InstanceLoad(Ewma latency) {
    this.latency = latency;
  }

  public void onStart() {
    inFlight.incrementAndGet();
  }

  /**
   * A failure is penalised because an instance that fails fast would otherwise look like the fastest one
   * and draw ever more traffic until its breaker opens.
   *
   * @throws IllegalStateException when no call is in flight: an unmatched end would make the instance
   *                               look idle for good
   */
  public void onEnd(long latencyNanos, long nowNanos, boolean success) {
    int before = inFlight.getAndUpdate(n -> n > 0 ? n - 1 : n);
    if (before <= 0) {
      throw new IllegalStateException("onEnd without a matching onStart");
    }
    if (success) {
      latency.observe(latencyNanos, nowNanos);
      return;
    }
    synchronized (latency) {
      double penalty = Math.min(latency.value(nowNanos) * FAILURE_PENALTY_FACTOR, FAILURE_PENALTY_CAP_NANOS);
      latency.observe(Math.max(latencyNanos, (long) penalty), nowNanos);
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public double latencyNanos(long nowNanos) {
    return latency.value(nowNanos);
  }

  /** Expected wait for one more call: latency times the calls it queues behind, itself included. */
  public double cost(long nowNanos) {
    return latency.value(nowNanos) * (inFlight.get() + 1);
  }
}
