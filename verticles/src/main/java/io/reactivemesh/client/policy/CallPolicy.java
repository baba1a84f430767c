package io.reactivemesh.client.policy;

import static io.reactivemesh.client.policy.PolicyKeys.ATTEMPT_TIMEOUT_MILLIS;
import static io.reactivemesh.client.policy.PolicyKeys.BREAKER;
import static io.reactivemesh.client.policy.PolicyKeys.MAX_IN_FLIGHT;
import static io.reactivemesh.client.policy.PolicyKeys.PREFER_SAME_EVENT_LOOP;
import static io.reactivemesh.client.policy.PolicyKeys.RETRY;
import static io.reactivemesh.client.policy.PolicyKeys.TIMEOUT_MILLIS;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * Everything a call to one service or route obeys: its deadline, the breaker of each instance, retries and
 * the bulkhead; built from the mesh defaults, then overridden per service, then per route.
 *
 * <p>Unknown top-level keys are ignored because a route's conf carries its own keys (path, service) beside
 * the policy ones; unknown keys inside {@code breaker} and {@code retry} are rejected.
 *
 * @param timeoutMillis        the route deadline, counted from when the request enters the mesh
 * @param attemptTimeoutMillis how long one attempt may take when a retry could follow it (so that a hung instance
 *                             costs part of the deadline, not all of it); 0 lets every attempt use the whole deadline
 * @param maxInFlight          the bulkhead limit for the service on this node
 * @param preferSameEventLoop  call an instance of this node that runs on the caller's event loop whenever its breaker
 *                             lets calls through, instead of the balancer's pick ({@link Locality}); off by default
 */
public record CallPolicy(long timeoutMillis, long attemptTimeoutMillis, BreakerConfig breaker, RetryConfig retry,
                         int maxInFlight, boolean preferSameEventLoop) {

  public static final long DEFAULT_TIMEOUT_MILLIS = 2_000;
  public static final long DEFAULT_ATTEMPT_TIMEOUT_MILLIS = 1_000;
  public static final int DEFAULT_MAX_IN_FLIGHT = Bulkhead.DEFAULT_LIMIT;

  public static final CallPolicy DEFAULTS =
      new CallPolicy(DEFAULT_TIMEOUT_MILLIS, DEFAULT_ATTEMPT_TIMEOUT_MILLIS, BreakerConfig.DEFAULTS, RetryConfig.DEFAULTS, DEFAULT_MAX_IN_FLIGHT,
          false);

  public CallPolicy {
    if (timeoutMillis <= 0) {
      throw ConfigReader.invalid("", TIMEOUT_MILLIS, "must be > 0", timeoutMillis);
    }
    if (attemptTimeoutMillis < 0) {
      throw ConfigReader.invalid("", ATTEMPT_TIMEOUT_MILLIS, "must be >= 0", attemptTimeoutMillis);
    }
    Objects.requireNonNull(breaker, BREAKER);
    Objects.requireNonNull(retry, RETRY);
    if (maxInFlight < 1) {
      throw ConfigReader.invalid("", MAX_IN_FLIGHT, "must be >= 1", maxInFlight);
    }
  }

  /** The defaults with the keys present in {@code json} applied; null means all defaults. */
  public static CallPolicy from(JsonObject json) {
    return DEFAULTS.overriddenBy(json);
  }

  /**
   * A copy where only the keys present in {@code json} change, down to single keys inside {@code breaker}
   * and {@code retry}; null means no change.
   *
   * @throws IllegalArgumentException naming the key on a bad value
   */
  public CallPolicy overriddenBy(JsonObject json) {
    if (json == null) {
      return this;
    }
    return new CallPolicy(
        ConfigReader.longValue(json, "", TIMEOUT_MILLIS, timeoutMillis),
        ConfigReader.longValue(json, "", ATTEMPT_TIMEOUT_MILLIS, attemptTimeoutMillis),
        breaker.overriddenBy(ConfigReader.section(json, BREAKER)),
        retry.overriddenBy(ConfigReader.section(json, RETRY)),
        ConfigReader.intValue(json, "", MAX_IN_FLIGHT, maxInFlight),
        ConfigReader.booleanValue(json, "", PREFER_SAME_EVENT_LOOP, preferSameEventLoop));
  }

  public Deadline deadline(long nowMillis) {
    return Deadline.after(timeoutMillis, nowMillis);
  }
}
