package io.reactivemesh.client.policy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the calls in flight to one service from this node, with no queue, so that one slow service cannot
 * hold every connection and event-loop turn of the node; a refused call is answered 503 at once.
 */
public final class Bulkhead {

  public static final int DEFAULT_LIMIT = 512;

  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();

  public Bulkhead() {
    this(DEFAULT_LIMIT);
  }

  public Bulkhead(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1, got " + limit);
    }
    this.limit = limit;
  }

  /** Takes a slot if one is free; every true must be followed by exactly one {@link #release()}. */
  public boolean tryAcquire() {
    int current;
    do {
      current = inFlight.get();
      if (current >= limit) {
        return false;
      }
    } while (!inFlight.compareAndSet(current, current + 1));
    return true;
  }

  /** @throws IllegalStateException on a release without an acquire, a bug that would silently raise the limit */
  public void release() {
    if (inFlight.getAndUpdate(n -> n > 0 ? n - 1 : n) <= 0) {
      throw new IllegalStateException("release without a matching tryAcquire");
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int limit() {
    return limit;
  }
}
