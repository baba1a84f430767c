package io.reactivemesh.publishing;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Settings of the publish workflow, for its service and its recovery singleton: attempts per step and per
 * compensation, the first retry delay (doubled each attempt, capped), when a running saga whose owner is still a member
 * counts as stalled ({@code staleAfterMillis}, far above any step's deadline), and how often the recovery scans.
 */
record WorkflowConfig(int stepAttempts, int compensationAttempts, long retryDelayMillis, long staleAfterMillis,
                      long scanIntervalMillis) {

  static final int DEFAULT_STEP_ATTEMPTS = 3;
  static final int DEFAULT_COMPENSATION_ATTEMPTS = 8;
  static final long DEFAULT_RETRY_DELAY_MILLIS = 200;
  static final long MAX_RETRY_DELAY_MILLIS = 5_000;
  static final long DEFAULT_STALE_AFTER_MILLIS = 60_000;
  static final long DEFAULT_SCAN_INTERVAL_MILLIS = 5_000;
  private static final Set<String> KEYS = Set.of("stepAttempts", "compensationAttempts", "retryDelayMillis",
    "staleAfterMillis", "scanIntervalMillis", "service");

  static WorkflowConfig from(JsonObject json, String where) {
    ConfigValues.requireKnownKeys(json, where, KEYS);
    return new WorkflowConfig(
      (int) ConfigValues.whole(json, where, "stepAttempts", DEFAULT_STEP_ATTEMPTS, 1, 100),
      (int) ConfigValues.whole(json, where, "compensationAttempts", DEFAULT_COMPENSATION_ATTEMPTS, 1, 1000),
      ConfigValues.whole(json, where, "retryDelayMillis", DEFAULT_RETRY_DELAY_MILLIS, 1, MAX_RETRY_DELAY_MILLIS),
      ConfigValues.whole(json, where, "staleAfterMillis", DEFAULT_STALE_AFTER_MILLIS, 1_000, 86_400_000),
      ConfigValues.whole(json, where, "scanIntervalMillis", DEFAULT_SCAN_INTERVAL_MILLIS, 100, 3_600_000));
  }

  /** The pause before attempt {@code attempt + 1}: the first delay, doubled each time, at most 5 s. */
  long retryDelay(int attempt) {
    return Math.min(MAX_RETRY_DELAY_MILLIS, retryDelayMillis << Math.min(20, Math.max(0, attempt - 1)));
  }
}
