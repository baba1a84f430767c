package io.reactivemesh.client.policy;

/**
 * A per-node retry budget in the style of Finagle and Linkerd: over a rolling window, retries may not
 * exceed {@code ratio} of requests plus {@code minPerSecond} retries a second, so that retries cannot
 * multiply the load on a mesh that is already failing.
 *
 * <p>Counts live in {@value #BUCKETS} time buckets spanning the window: memory is bounded and the budget
 * refills as old buckets expire. Thread-safe.
 */
public final class RetryBudget {

  static final int BUCKETS = 10;

  private static final int REQUESTS = 0;
  private static final int RETRIES = 1;
  /** Keeps 0.29 * 100 from flooring to 28 through binary rounding. */
  private static final double ROUNDING_SLACK = 1e-9;

  private final double ratio;
  private final double reserve;
  private final RollingCounters counters;

  /**
   * @param ratio        retries allowed per request, in [0,1]
   * @param minPerSecond retries allowed each second even with no requests, so that a quiet node can still
   *                     retry; over the window they form a reserve of {@code minPerSecond * window seconds}
   */
  public RetryBudget(double ratio, int minPerSecond, long windowMillis) {
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be in [0,1], got " + ratio);
    }
    if (minPerSecond < 0) {
      throw new IllegalArgumentException("minPerSecond must be >= 0, got " + minPerSecond);
    }
    if (windowMillis <= 0) {
      throw new IllegalArgumentException("windowMillis must be > 0, got " + windowMillis);
    }
    this.ratio = ratio;
    this.reserve = minPerSecond * (windowMillis / 1000.0);
    this.counters = new RollingCounters(windowMillis, BUCKETS, 2);
  }

  public static RetryBudget of(RetryConfig config) {
    return new RetryBudget(config.budgetRatio(), config.budgetMinPerSecond(), config.budgetWindowMillis());
  }

  /** Counts an original request; retries are not requests, or each retry would fund the next. */
  public synchronized void onRequest(long nowMillis) {
    counters.add(nowMillis, REQUESTS, 1);
  }

  /** Withdraws one retry if the budget has one; a refused retry withdraws nothing. */
  public synchronized boolean tryRetry(long nowMillis) {
    if (retriesAllowedNow(nowMillis) < 1) {
      return false;
    }
    counters.add(nowMillis, RETRIES, 1);
    return true;
  }

  /** How many retries the budget would grant right now, for metrics. */
  public synchronized long retriesAllowedNow(long nowMillis) {
    double earned = reserve + ratio * counters.sum(nowMillis, REQUESTS);
    long allowed = (long) Math.floor(earned + ROUNDING_SLACK) - counters.sum(nowMillis, RETRIES);
    return Math.max(0, allowed);
  }

  public synchronized long requestsInWindow(long nowMillis) {
    return counters.sum(nowMillis, REQUESTS);
  }

  public synchronized long retriesInWindow(long nowMillis) {
    return counters.sum(nowMillis, RETRIES);
  }
}
