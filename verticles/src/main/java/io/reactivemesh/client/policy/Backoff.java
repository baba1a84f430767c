package io.reactivemesh.client.policy;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the delay before retry n is uniform in
 * [0, min(cap, base * 2^(n-1))], which spreads the retries of many callers instead of synchronising them.
 */
public final class Backoff {

  private final long baseMillis;
  private final long capMillis;

  public Backoff(long baseMillis, long capMillis) {
    if (baseMillis <= 0) {
      throw new IllegalArgumentException("baseMillis must be > 0, got " + baseMillis);
    }
    if (capMillis < baseMillis) {
      throw new IllegalArgumentException("capMillis must be >= baseMillis (" + baseMillis + "), got " + capMillis);
    }
    this.baseMillis = baseMillis;
    this.capMillis = capMillis;
  }

  public static Backoff of(RetryConfig config) {
    return new Backoff(config.backoffBaseMillis(), config.backoffCapMillis());
  }

  /** @param retryNumber 1 for the first retry (the second attempt) */
  public long delayMillis(int retryNumber, RandomGenerator random) {
    return random.nextLong(ceilingMillis(retryNumber) + 1);
  }

  /** The largest delay retry {@code retryNumber} may wait. */
  public long ceilingMillis(int retryNumber) {
    if (retryNumber < 1) {
      throw new IllegalArgumentException("retryNumber must be >= 1, got " + retryNumber);
    }
    int doublings = Math.min(retryNumber - 1, 62);
    // base > cap >> d is base * 2^d > cap, asked without computing base * 2^d, which may overflow.
    return baseMillis > capMillis >> doublings ? capMillis : baseMillis << doublings;
  }

  public long baseMillis() {
    return baseMillis;
  }

  public long capMillis() {
    return capMillis;
  }
}
