package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryConfigTest {

  @Test
  void shouldApplyTheDesignDefaults() {
    RetryConfig config = RetryConfig.from(new JsonObject());

    assertThat(config).isEqualTo(RetryConfig.DEFAULTS).isEqualTo(RetryConfig.from(null));
    assertThat(config.maxRetries()).isEqualTo(2);
    assertThat(config.backoffBaseMillis()).isEqualTo(25);
    assertThat(config.backoffCapMillis()).isEqualTo(1_000);
    assertThat(config.budgetRatio()).isEqualTo(0.2);
    assertThat(config.budgetMinPerSecond()).isEqualTo(10);
    assertThat(config.budgetWindowMillis()).isEqualTo(10_000);
  }

  @Test
  void shouldChangeOnlyTheKeysPresent() {
    RetryConfig config = RetryConfig.from(new JsonObject().put("maxRetries", 0).put("budgetRatio", 0.1));

    assertThat(config).isEqualTo(new RetryConfig(0, 25, 1_000, 0.1, 10, 10_000));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"maxRetries": -1}              | retry.maxRetries must be >= 0, got -1
      {"maxRetries": "two"}           | retry.maxRetries must be an integer, got "two"
      {"backoffBaseMillis": 0}        | retry.backoffBaseMillis must be > 0, got 0
      {"backoffCapMillis": 10}        | retry.backoffCapMillis must be >= retry.backoffBaseMillis (25), got 10
      {"budgetRatio": 1.5}            | retry.budgetRatio must be in [0,1], got 1.5
      {"budgetRatio": -0.1}           | retry.budgetRatio must be in [0,1], got -0.1
      {"budgetMinPerSecond": -1}      | retry.budgetMinPerSecond must be >= 0, got -1
      {"budgetWindowMillis": 0}       | retry.budgetWindowMillis must be > 0, got 0
      """)
  void shouldRejectABadValueNamingTheKey(String json, String message) {
    assertThatThrownBy(() -> RetryConfig.from(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldRejectAnUnknownKey() {
    assertThatThrownBy(() -> RetryConfig.from(new JsonObject().put("retries", 3)))
        .hasMessageStartingWith("retry.retries is not a known key");
  }

  @ParameterizedTest(name = "{0} with key {1} -> {2}")
  @CsvSource({
      "GET, false, true", "HEAD, false, true", "PUT, false, true", "DELETE, false, true", "OPTIONS, false, true",
      "POST, false, false", "PATCH, false, false", "CONNECT, false, false",
      "POST, true, true", "PATCH, true, true",
      "get, false, false", ", false, false", ", true, true"})
  void shouldRetryOnlyIdempotentCalls(String method, boolean hasIdempotencyKey, boolean idempotent) {
    assertThat(RetryConfig.isIdempotent(method, hasIdempotencyKey)).isEqualTo(idempotent);
  }
}
