package io.reactivemesh.gateway;

import io.vertx.core.json.JsonObject;

import java.util.random.RandomGenerator;

/**
 * Fault injection for one route (Istio-style): delay {@code delayMillis} for {@code delayPercent} % of requests, abort
 * with {@code abortStatus} for {@code abortPercent} % of them; off by default.
 */
public record FaultConfig(long delayMillis, double delayPercent, int abortStatus, double abortPercent) {

  public static final FaultConfig NONE = new FaultConfig(0, 0, 503, 0);
  static final long MAX_DELAY_MILLIS = 60_000;

  /** What to do with one request: wait this long first (0: no wait), then abort with this status (0: go on). */
  public record Decision(long delayMillis, int abortStatus) {
  }

  public FaultConfig {
    if (delayMillis < 0 || delayMillis > MAX_DELAY_MILLIS) {
      throw new IllegalArgumentException("fault.delayMillis must be between 0 and " + MAX_DELAY_MILLIS + ", got " + delayMillis);
    }
    checkPercent("fault.delayPercent", delayPercent);
    checkPercent("fault.abortPercent", abortPercent);
    if (abortStatus < 400 || abortStatus > 599) {
      throw new IllegalArgumentException("fault.abortStatus must be a 4xx or 5xx status, got " + abortStatus);
    }
  }

  /** The fault from a JSON object, keys absent keep the values of {@code base}. */
  public static FaultConfig from(JsonObject json, FaultConfig base) {
    if (json == null) {
      return base;
    }
    for (String key : json.fieldNames()) {
      if (!key.equals("delayMillis") && !key.equals("delayPercent") && !key.equals("abortStatus")
        && !key.equals("abortPercent")) {
        throw new IllegalArgumentException("fault." + key + " is not a fault setting (delayMillis, delayPercent, "
          + "abortStatus, abortPercent)");
      }
    }
    try {
      return new FaultConfig(
        json.getLong("delayMillis", base.delayMillis),
        json.getDouble("delayPercent", base.delayPercent),
        json.getInteger("abortStatus", base.abortStatus),
        json.getDouble("abortPercent", base.abortPercent));
    } catch (ClassCastException | NullPointerException e) {
      // NullPointerException: a key given with no value ("delayMillis:" in YAML) is an explicit null
      throw new IllegalArgumentException("fault settings must be numbers: " + json.encode());
    }
  }

  public boolean active() {
    return (delayMillis > 0 && delayPercent > 0) || abortPercent > 0;
  }

  public Decision decide(RandomGenerator random) {
    long delay = delayMillis > 0 && hit(delayPercent, random) ? delayMillis : 0;
    int abort = hit(abortPercent, random) ? abortStatus : 0;
    return new Decision(delay, abort);
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("delayMillis", delayMillis)
      .put("delayPercent", delayPercent)
      .put("abortStatus", abortStatus)
      .put("abortPercent", abortPercent);
  }

  private static boolean hit(double percent, RandomGenerator random) {
    return percent >= 100 || (percent > 0 && random.nextDouble() * 100 < percent);
  }

  private static void checkPercent(String key, double value) {
    if (!(value >= 0 && value <= 100)) {
      throw new IllegalArgumentException(key + " must be between 0 and 100, got " + value);
    }
  }
}
