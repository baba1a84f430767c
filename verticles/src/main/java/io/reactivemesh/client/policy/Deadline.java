package io.reactivemesh.client.policy;

/**
 * The instant by which a request must be answered, in epoch milliseconds because it travels in the
 * envelope from node to node and each hop compares it with its own clock.
 */
public record Deadline(long epochMillis) implements Comparable<Deadline> {

  public static Deadline at(long epochMillis) {
    return new Deadline(epochMillis);
  }

  /** Saturates instead of overflowing, so a huge timeout means "practically never". */
  public static Deadline after(long timeoutMillis, long nowMillis) {
    if (timeoutMillis < 0) {
      throw new IllegalArgumentException("timeoutMillis must be >= 0, got " + timeoutMillis);
    }
    long sum = nowMillis + timeoutMillis;
    return new Deadline(sum < nowMillis ? Long.MAX_VALUE : sum);
  }

  /** Never negative: a passed deadline leaves zero, which is what a timeout must be set to. */
  public long remainingMillis(long nowMillis) {
    return nowMillis >= epochMillis ? 0 : epochMillis - nowMillis;
  }

  public boolean expired(long nowMillis) {
    return nowMillis >= epochMillis;
  }

  /** A call's deadline is the earlier of its caller's and its own route's, so no request outlives its caller. */
  public Deadline earliest(Deadline other) {
    return other.epochMillis < epochMillis ? other : this;
  }

  @Override
  public int compareTo(Deadline other) {
    return Long.compare(epochMillis, other.epochMillis);
  }
}
