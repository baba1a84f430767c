package io.reactivemesh.client.policy;

import java.util.concurrent.TimeUnit;

/**
 * Peak-sensitive, time-decaying latency estimate of one instance, kept the way Finagle's and Linkerd's
 * balancers keep it.
 *
 * <p>A sample above the current estimate replaces it at once, so a slowing instance is avoided within one
 * call; a lower sample only pulls the estimate down as fast as the time constant allows, so one lucky fast
 * reply does not undo a slow streak. Between samples the estimate decays toward zero, so an instance the
 * balancer stopped choosing because it looked slow gets chosen again and can prove it recovered. Until its
 * first sample an instance reads as the initial value, kept low so that new instances are tried.
 * Thread-safe: several event loops may observe and read the same instance.
 */
public final class Ewma {

  public static final long DEFAULT_DECAY_NANOS = TimeUnit.SECONDS.toNanos(10);
  public static final long DEFAULT_INITIAL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final double decayNanos;
  private final long initialNanos;
  private double estimateNanos;
  private long stampNanos;
  private boolean observed;

  public Ewma() {
    this(DEFAULT_DECAY_NANOS, DEFAULT_INITIAL_NANOS);
  }

  /**
   * @param decayNanos   time constant: after this long without samples the estimate has fallen to 1/e
   * @param initialNanos what an instance with no sample yet reads as
   */
  public Ewma(long decayNanos, long initialNanos) {
    if (decayNanos <= 0) {
      throw new IllegalArgumentException("decayNanos must be > 0, got " + decayNanos);
    }
    if (initialNanos < 0) {
      throw new IllegalArgumentException("initialNanos must be >= 0, got " + initialNanos);
    }
    this.decayNanos = decayNanos;
    this.initialNanos = initialNanos;
    this.estimateNanos = initialNanos;
  }

  /** @param nowNanos a {@link System#nanoTime()} reading: only differences between readings matter */
  public synchronized void observe(long latencyNanos, long nowNanos) {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos must be >= 0, got " + latencyNanos);
    }
    if (!observed) {
      // The initial value is a guess, not a measurement: the first real sample owes it nothing.
      observed = true;
      estimateNanos = latencyNanos;
      stampNanos = nowNanos;
      return;
    }
    double weight = weight(nowNanos);
    // Decay brings the estimate to now; the blend then lets the sample count for the time it stands for,
    // so a sample after a long silence outweighs the stale estimate and a burst of samples does not.
    double current = estimateNanos * weight;
    estimateNanos = latencyNanos >= current ? latencyNanos : current * weight + latencyNanos * (1 - weight);
    if (nowNanos - stampNanos > 0) {
      stampNanos = nowNanos;
    }
  }

  public synchronized double value(long nowNanos) {
    return observed ? estimateNanos * weight(nowNanos) : initialNanos;
  }

  private double weight(long nowNanos) {
    // Subtraction, not comparison, because nanoTime readings may wrap; an older reading from another
    // event loop counts as no time passed rather than as time running backwards.
    long elapsed = nowNanos - stampNanos;
    return elapsed <= 0 ? 1.0 : Math.exp(-elapsed / decayNanos);
  }
}
