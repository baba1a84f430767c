package io.reactivemesh.client.policy;

/**
 * The recent outcomes of calls to one instance, which decide when that instance's breaker must open;
 * the open / half-open / closed states themselves belong to the caller.
 *
 * <p>Outcomes live in {@value #BUCKETS} time buckets spanning the window, so memory is bounded and old
 * outcomes expire by time alone. A failure streak is forgotten too once its last failure is older than the
 * window, so a few failures an hour ago and one now do not open the breaker of a quiet instance.
 * Thread-safe.
 */
public final class BreakerWindow {

  static final int BUCKETS = 10;

  private static final int CALLS = 0;
  private static final int FAILURES = 1;

  private final BreakerConfig config;
  private final RollingCounters counters;
  private int consecutiveFailures;
  private long lastFailureMillis;

  public BreakerWindow(BreakerConfig config) {
    this.config = config;
    this.counters = new RollingCounters(config.windowMillis(), BUCKETS, 2);
  }

  public synchronized void recordSuccess(long nowMillis) {
    counters.add(nowMillis, CALLS, 1);
    consecutiveFailures = 0;
  }

  public synchronized void recordFailure(long nowMillis) {
    counters.add(nowMillis, CALLS, 1);
    counters.add(nowMillis, FAILURES, 1);
    consecutiveFailures = streakExpired(nowMillis) ? 1 : consecutiveFailures + 1;
    lastFailureMillis = Math.max(lastFailureMillis, nowMillis);
  }

  public synchronized boolean shouldOpen(long nowMillis) {
    if (consecutiveFailures(nowMillis) >= config.consecutiveFailures()) {
      return true;
    }
    long calls = counters.sum(nowMillis, CALLS);
    // Dividing rather than multiplying the threshold keeps 3 of 10 at exactly 0.3, which must not exceed 0.3.
    return calls >= config.minimumCalls()
        && (double) counters.sum(nowMillis, FAILURES) / calls > config.failureRateThreshold();
  }

  /** For when the breaker changes state, so the outcomes that opened it are not held against the instance again. */
  public synchronized void reset() {
    counters.clear();
    consecutiveFailures = 0;
    lastFailureMillis = 0;
  }

  public synchronized int consecutiveFailures(long nowMillis) {
    return streakExpired(nowMillis) ? 0 : consecutiveFailures;
  }

  public synchronized long callsInWindow(long nowMillis) {
    return counters.sum(nowMillis, CALLS);
  }

  public synchronized long failuresInWindow(long nowMillis) {
    return counters.sum(nowMillis, FAILURES);
  }

  public BreakerConfig config() {
    return config;
  }

  private boolean streakExpired(long nowMillis) {
    return consecutiveFailures > 0 && nowMillis - lastFailureMillis >= config.windowMillis();
  }
}
