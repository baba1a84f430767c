package io.reactivemesh.client.policy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load of one instance as this node sees it (calls in flight and a peak-EWMA latency), which the
 * balancer turns into a cost; thread-safe, since every event loop of the node calls through it.
 */
public final class InstanceLoad {


  /**
   * What an unmeasured instance costs while a call to it is in flight: more than any measured instance, so
   * that a new or recovered instance gets one call at a time until its first reply measures it (Finagle's rule)
   * rather than the herd that a cost of zero would send it.
   */
  static final double UNMEASURED_BUSY_COST = TimeUnit.HOURS.toNanos(1);

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

  /** Forgets the latency estimate, so the instance is measured afresh (see {@link #cost}). */
  public void forgetLatency() {
    latency.forget();
  }

  /**
   * Expected wait for one more call: latency times the calls it queues behind, itself included. An instance
   * not measured yet costs nothing while idle, so the balancer tries it at once, and {@link #UNMEASURED_BUSY_COST}
   * per call while its first calls are in flight.
   */
  public double cost(long nowNanos) {
    int calls = inFlight.get();
    if (!latency.measured()) {
      return calls * UNMEASURED_BUSY_COST;
    }
    return latency.value(nowNanos) * (calls + 1);
  }
}
