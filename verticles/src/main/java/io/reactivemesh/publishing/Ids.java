package io.reactivemesh.publishing;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Ids of articles and workflows: 17 characters of base 32, the creation time in milliseconds (9 characters) then 40
 * bits (8 characters) starting at a random point, so that ids sort by creation time — a list's newest-first order and
 * its cursor are key order — and two nodes never need to agree on one. Within one JVM ids strictly increase, even
 * within a millisecond; across nodes their order is as good as the clocks.
 */
final class Ids {

  static final int LENGTH = 17;
  private static final int TIME_CHARS = 9;
  private static final int RANDOM_CHARS = 8;
  private static final long LOW_BITS = 1L << 40;
  private static final Pattern SHAPE = Pattern.compile("[0-9a-v]{" + LENGTH + "}");

  private static long lastMillis;
  private static long lastLow;

  private Ids() {
  }

  static synchronized String next(long nowMillis) {
    long millis = Math.max(nowMillis, lastMillis);
    long low;
    if (millis > lastMillis) {
      // room above the start, so that later ids of the same millisecond still fit in 40 bits
      low = ThreadLocalRandom.current().nextLong(LOW_BITS / 2);
    } else {
      low = lastLow + 1 + ThreadLocalRandom.current().nextLong(1024);
      if (low >= LOW_BITS) {
        millis++;
        low = ThreadLocalRandom.current().nextLong(LOW_BITS / 2);
      }
    }
    lastMillis = millis;
    lastLow = low;
    return pad(Long.toString(millis, 32), TIME_CHARS) + pad(Long.toString(low, 32), RANDOM_CHARS);
  }

  /** Whether {@code id} could be an id made here: anything else cannot name a stored article or workflow. */
  static boolean looksValid(String id) {
    return id != null && SHAPE.matcher(id).matches();
  }

  private static String pad(String digits, int width) {
    return "0".repeat(Math.max(0, width - digits.length())) + digits;
  }
}
