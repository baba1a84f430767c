package io.reactivemesh.client.policy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of one instance as this node sees it (calls in flight and a peak-EWMA latency), which the
 * balancer turns into a cost; thread-safe, since every event loop of the node calls through it.
 */
public final class InstanceLoad {


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
   * Records the end of a call. Failures count like successes: a failing instance is the breaker's business, and
   * it must keep receiving calls to trip its breaker quickly rather than linger half-avoided.
   *
   * @throws IllegalStateException when no call is in flight: an unmatched end would make the instance
   *                               look idle for good
   */
  public void onEnd(long latencyNanos, long nowNanos) {
    int before = inFlight.getAndUpdate(n -> n > 0 ? n - 1 : n);
    if (before <= 0) {
      throw new IllegalStateException("onEnd without a matching onStart");
    }
    latency.observe(latencyNanos, nowNanos);
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
