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
 * first sample, or after {@link #forget()}, the estimate is unmeasured and reads as zero; the balancer decides
 * what an unmeasured instance costs. Thread-safe: several event loops may observe and read the same instance.
 */
public final class Ewma {

  public static final long DEFAULT_DECAY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final double decayNanos;
  private double estimateNanos;
  private long stampNanos;
  private boolean observed;

  public Ewma() {
    this(DEFAULT_DECAY_NANOS);
  }

  /** @param decayNanos time constant: after this long without samples the estimate has fallen to 1/e */
  public Ewma(long decayNanos) {
    if (decayNanos <= 0) {
      throw new IllegalArgumentException("decayNanos must be > 0, got " + decayNanos);
    }
    this.decayNanos = decayNanos;
  }

  /** @param nowNanos a {@link System#nanoTime()} reading: only differences between readings matter */
  public synchronized void observe(long latencyNanos, long nowNanos) {
    if (latencyNanos < 0) {
      throw new IllegalArgumentException("latencyNanos must be >= 0, got " + latencyNanos);
    }
    if (!observed) {
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
    return observed ? estimateNanos * weight(nowNanos) : 0;
  }

  public synchronized boolean measured() {
    return observed;
  }

  /** Drops the estimate: what was measured no longer describes the instance (it failed and may have recovered). */
  public synchronized void forget() {
    observed = false;
    estimateNanos = 0;
  }

  private double weight(long nowNanos) {
    // Subtraction, not comparison, because nanoTime readings may wrap; an older reading from another
    // event loop counts as no time passed rather than as time running backwards.
    long elapsed = nowNanos - stampNanos;
    return elapsed <= 0 ? 1.0 : Math.exp(-elapsed / decayNanos);
  }
}
