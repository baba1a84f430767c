package io.reactivemesh.client.policy;

/** The JSON keys of call policies, in one place so that conf files, docs and validation messages agree. */
public final class PolicyKeys {

  public static final String TIMEOUT_MILLIS = "timeoutMillis";
  public static final String ATTEMPT_TIMEOUT_MILLIS = "attemptTimeoutMillis";
  public static final String MAX_IN_FLIGHT = "maxInFlight";
  public static final String BREAKER = "breaker";
  public static final String RETRY = "retry";
  public static final String PREFER_SAME_EVENT_LOOP = "preferSameEventLoop";

  public static final String CONSECUTIVE_FAILURES = "consecutiveFailures";
  public static final String FAILURE_RATE_THRESHOLD = "failureRateThreshold";
  public static final String MINIMUM_CALLS = "minimumCalls";
  public static final String WINDOW_MILLIS = "windowMillis";
  public static final String OPEN_MILLIS = "openMillis";

  public static final String MAX_RETRIES = "maxRetries";
  public static final String BACKOFF_BASE_MILLIS = "backoffBaseMillis";
  public static final String BACKOFF_CAP_MILLIS = "backoffCapMillis";
  public static final String BUDGET_RATIO = "budgetRatio";
  public static final String BUDGET_MIN_PER_SECOND = "budgetMinPerSecond";
  public static final String BUDGET_WINDOW_MILLIS = "budgetWindowMillis";

  private PolicyKeys() {
  }
}
