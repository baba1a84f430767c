package io.reactivemesh.client.policy;

import static io.reactivemesh.client.policy.PolicyKeys.CONSECUTIVE_FAILURES;
import static io.reactivemesh.client.policy.PolicyKeys.FAILURE_RATE_THRESHOLD;
import static io.reactivemesh.client.policy.PolicyKeys.MINIMUM_CALLS;
import static io.reactivemesh.client.policy.PolicyKeys.OPEN_MILLIS;
import static io.reactivemesh.client.policy.PolicyKeys.WINDOW_MILLIS;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * When a per-instance breaker opens and for how long (DESIGN.md §3): after {@code consecutiveFailures}
 * failures in a row, or when more than {@code failureRateThreshold} of at least {@code minimumCalls} calls
 * in the last {@code windowMillis} failed; it stays open {@code openMillis}, then lets
 * {@link #HALF_OPEN_TRIAL_CALLS} trial call through.
 *
 * @param failureRateThreshold in (0,1]; the rule is "strictly more than", so 1.0 turns the rate rule off
 */
public record BreakerConfig(
    int consecutiveFailures,
    double failureRateThreshold,
    int minimumCalls,
    long windowMillis,
    long openMillis) {

  public static final String SECTION = PolicyKeys.BREAKER;

  public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
  public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;
  public static final int DEFAULT_MINIMUM_CALLS = 20;
  public static final long DEFAULT_WINDOW_MILLIS = 10_000;
  public static final long DEFAULT_OPEN_MILLIS = 5_000;
  /** Fixed rather than configurable: one call is enough to learn whether the instance is back. */
  public static final int HALF_OPEN_TRIAL_CALLS = 1;

  public static final BreakerConfig DEFAULTS = new BreakerConfig(DEFAULT_CONSECUTIVE_FAILURES,
      DEFAULT_FAILURE_RATE_THRESHOLD, DEFAULT_MINIMUM_CALLS, DEFAULT_WINDOW_MILLIS, DEFAULT_OPEN_MILLIS);

  private static final List<String> KEYS =
      List.of(CONSECUTIVE_FAILURES, FAILURE_RATE_THRESHOLD, MINIMUM_CALLS, WINDOW_MILLIS, OPEN_MILLIS);

  public BreakerConfig {
    if (consecutiveFailures < 1) {
      throw ConfigReader.invalid(SECTION, CONSECUTIVE_FAILURES, "must be >= 1", consecutiveFailures);
    }
    if (!(failureRateThreshold > 0 && failureRateThreshold <= 1)) {
      throw ConfigReader.invalid(SECTION, FAILURE_RATE_THRESHOLD, "must be in (0,1]", failureRateThreshold);
    }
    if (minimumCalls < 1) {
      throw ConfigReader.invalid(SECTION, MINIMUM_CALLS, "must be >= 1", minimumCalls);
    }
    if (windowMillis <= 0) {
      throw ConfigReader.invalid(SECTION, WINDOW_MILLIS, "must be > 0", windowMillis);
    }
    if (openMillis <= 0) {
      throw ConfigReader.invalid(SECTION, OPEN_MILLIS, "must be > 0", openMillis);
    }
  }

  /** The defaults with the keys present in {@code json} applied; null means no section. */
  public static BreakerConfig from(JsonObject json) {
    return DEFAULTS.overriddenBy(json);
  }

  /**
   * A copy where only the keys present in {@code json} change; null means no change.
   *
   * @throws IllegalArgumentException naming the key, e.g. {@code breaker.minimumCalls}, on a bad value or
   *                                  an unknown key
   */
  public BreakerConfig overriddenBy(JsonObject json) {
    if (json == null) {
      return this;
    }
    ConfigReader.requireKnownKeys(json, SECTION, KEYS);
    return new BreakerConfig(
        ConfigReader.intValue(json, SECTION, CONSECUTIVE_FAILURES, consecutiveFailures),
        ConfigReader.doubleValue(json, SECTION, FAILURE_RATE_THRESHOLD, failureRateThreshold),
        ConfigReader.intValue(json, SECTION, MINIMUM_CALLS, minimumCalls),
        ConfigReader.longValue(json, SECTION, WINDOW_MILLIS, windowMillis),
        ConfigReader.longValue(json, SECTION, OPEN_MILLIS, openMillis));
  }
}
