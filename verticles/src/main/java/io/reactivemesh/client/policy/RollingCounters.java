package io.reactivemesh.client.policy;

import java.util.Arrays;

/**
 * Counters summed over a rolling time window split into a fixed ring of buckets, so memory stays bounded
 * whatever the traffic; not thread-safe, its owners synchronize.
 */
final class RollingCounters {

  private static final long EMPTY = Long.MIN_VALUE;

  private final int buckets;
  private final long bucketMillis;
  private final long[] bucketIndex;
  private final long[][] counts;

  /**
   * @param windowMillis how much history counts; the window actually seen is between
   *                     {@code windowMillis - bucketMillis} and {@code windowMillis}, the price of buckets
   */
  RollingCounters(long windowMillis, int buckets, int counters) {
    if (windowMillis <= 0 || buckets <= 0 || counters <= 0) {
      throw new IllegalArgumentException(
          "windowMillis, buckets and counters must be > 0, got " + windowMillis + ", " + buckets + ", " + counters);
    }
    this.buckets = buckets;
    // Rounds up so that the buckets always cover at least the whole window.
    this.bucketMillis = Math.max(1, (windowMillis + buckets - 1) / buckets);
    this.bucketIndex = new long[buckets];
    this.counts = new long[buckets][counters];
    clear();
  }

  long bucketMillis() {
    return bucketMillis;
  }

  void add(long nowMillis, int counter, long delta) {
    long index = Math.floorDiv(nowMillis, bucketMillis);
    int slot = Math.floorMod(index, buckets);
    if (bucketIndex[slot] > index) {
      // A late caller (another event loop's older clock reading) whose bucket has already been recycled.
      return;
    }
    if (bucketIndex[slot] < index) {
      bucketIndex[slot] = index;
      Arrays.fill(counts[slot], 0);
    }
    counts[slot][counter] += delta;
  }

  long sum(long nowMillis, int counter) {
    long newest = Math.floorDiv(nowMillis, bucketMillis);
    long sum = 0;
    for (int slot = 0; slot < buckets; slot++) {
      long index = bucketIndex[slot];
      if (index != EMPTY && index <= newest && index > newest - buckets) {
        sum += counts[slot][counter];
      }
    }
    return sum;
  }

  void clear() {
    Arrays.fill(bucketIndex, EMPTY);
    for (long[] bucket : counts) {
      Arrays.fill(bucket, 0);
    }
  }
}
