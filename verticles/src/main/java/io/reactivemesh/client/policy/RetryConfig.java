package io.reactivemesh.client.policy;

import static io.reactivemesh.client.policy.PolicyKeys.BACKOFF_BASE_MILLIS;
import static io.reactivemesh.client.policy.PolicyKeys.BACKOFF_CAP_MILLIS;
import static io.reactivemesh.client.policy.PolicyKeys.BUDGET_MIN_PER_SECOND;
import static io.reactivemesh.client.policy.PolicyKeys.BUDGET_RATIO;
import static io.reactivemesh.client.policy.PolicyKeys.BUDGET_WINDOW_MILLIS;
import static io.reactivemesh.client.policy.PolicyKeys.MAX_RETRIES;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;

/**
 * Which calls are retried and how much (DESIGN.md §3): idempotent calls only, up to {@code maxRetries}
 * times, after a full-jitter backoff, within a per-node budget of {@code budgetRatio} of requests plus
 * {@code budgetMinPerSecond} retries a second over {@code budgetWindowMillis}.
 *
 * @param maxRetries 0 turns retries off
 */
public record RetryConfig(
    int maxRetries,
    long backoffBaseMillis,
    long backoffCapMillis,
    double budgetRatio,
    int budgetMinPerSecond,
    long budgetWindowMillis) {

  public static final String SECTION = PolicyKeys.RETRY;

  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final long DEFAULT_BACKOFF_BASE_MILLIS = 25;
  public static final long DEFAULT_BACKOFF_CAP_MILLIS = 1_000;
  public static final double DEFAULT_BUDGET_RATIO = 0.2;
  public static final int DEFAULT_BUDGET_MIN_PER_SECOND = 10;
  public static final long DEFAULT_BUDGET_WINDOW_MILLIS = 10_000;

  public static final RetryConfig DEFAULTS = new RetryConfig(DEFAULT_MAX_RETRIES, DEFAULT_BACKOFF_BASE_MILLIS,
      DEFAULT_BACKOFF_CAP_MILLIS, DEFAULT_BUDGET_RATIO, DEFAULT_BUDGET_MIN_PER_SECOND, DEFAULT_BUDGET_WINDOW_MILLIS);

  private static final List<String> KEYS = List.of(MAX_RETRIES, BACKOFF_BASE_MILLIS, BACKOFF_CAP_MILLIS,
      BUDGET_RATIO, BUDGET_MIN_PER_SECOND, BUDGET_WINDOW_MILLIS);

  /** RFC 9110 §9.2.2, spelled as the RFC spells them: an unknown spelling is not retried, the safe side. */
  private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

  public RetryConfig {
    if (maxRetries < 0) {
      throw ConfigReader.invalid(SECTION, MAX_RETRIES, "must be >= 0", maxRetries);
    }
    if (backoffBaseMillis <= 0) {
      throw ConfigReader.invalid(SECTION, BACKOFF_BASE_MILLIS, "must be > 0", backoffBaseMillis);
    }
    if (backoffCapMillis < backoffBaseMillis) {
      throw ConfigReader.invalid(SECTION, BACKOFF_CAP_MILLIS,
          "must be >= " + ConfigReader.path(SECTION, BACKOFF_BASE_MILLIS) + " (" + backoffBaseMillis + ")",
          backoffCapMillis);
    }
    if (!(budgetRatio >= 0 && budgetRatio <= 1)) {
      throw ConfigReader.invalid(SECTION, BUDGET_RATIO, "must be in [0,1]", budgetRatio);
    }
    if (budgetMinPerSecond < 0) {
      throw ConfigReader.invalid(SECTION, BUDGET_MIN_PER_SECOND, "must be >= 0", budgetMinPerSecond);
    }
    if (budgetWindowMillis <= 0) {
      throw ConfigReader.invalid(SECTION, BUDGET_WINDOW_MILLIS, "must be > 0", budgetWindowMillis);
    }
  }

  /** The defaults with the keys present in {@code json} applied; null means no section. */
  public static RetryConfig from(JsonObject json) {
    return DEFAULTS.overriddenBy(json);
  }

  /**
   * A copy where only the keys present in {@code json} change; null means no change.
   *
   * @throws IllegalArgumentException naming the key, e.g. {@code retry.maxRetries}, on a bad value or an
   *                                  unknown key
   */
  public RetryConfig overriddenBy(JsonObject json) {
    if (json == null) {
      return this;
    }
    ConfigReader.requireKnownKeys(json, SECTION, KEYS);
    return new RetryConfig(
        ConfigReader.intValue(json, SECTION, MAX_RETRIES, maxRetries),
        ConfigReader.longValue(json, SECTION, BACKOFF_BASE_MILLIS, backoffBaseMillis),
        ConfigReader.longValue(json, SECTION, BACKOFF_CAP_MILLIS, backoffCapMillis),
        ConfigReader.doubleValue(json, SECTION, BUDGET_RATIO, budgetRatio),
        ConfigReader.intValue(json, SECTION, BUDGET_MIN_PER_SECOND, budgetMinPerSecond),
        ConfigReader.longValue(json, SECTION, BUDGET_WINDOW_MILLIS, budgetWindowMillis));
  }

  /**
   * Whether a call may be sent twice without harm: an idempotent method, or any method carrying an
   * {@code Idempotency-Key}, which the service uses to answer a repeat with the first result.
   */
  public static boolean isIdempotent(String httpMethod, boolean hasIdempotencyKey) {
    return hasIdempotencyKey || (httpMethod != null && IDEMPOTENT_METHODS.contains(httpMethod));
  }
}
