package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BreakerConfigTest {

  @Test
  void shouldApplyTheDesignDefaults() {
    BreakerConfig config = BreakerConfig.from(new JsonObject());

    assertThat(config).isEqualTo(BreakerConfig.DEFAULTS).isEqualTo(BreakerConfig.from(null));
    assertThat(config.consecutiveFailures()).isEqualTo(5);
    assertThat(config.failureRateThreshold()).isEqualTo(0.5);
    assertThat(config.minimumCalls()).isEqualTo(20);
    assertThat(config.windowMillis()).isEqualTo(10_000);
    assertThat(config.openMillis()).isEqualTo(5_000);
  }

  @Test
  void shouldChangeOnlyTheKeysPresent() {
    BreakerConfig config = BreakerConfig.from(new JsonObject().put("minimumCalls", 50).put("openMillis", 30_000L));

    assertThat(config).isEqualTo(new BreakerConfig(5, 0.5, 50, 10_000, 30_000));
    assertThat(config.overriddenBy(new JsonObject().put("failureRateThreshold", 1)))
        .isEqualTo(new BreakerConfig(5, 1.0, 50, 10_000, 30_000));
  }

  @Test
  void shouldAcceptAWholeNumberWrittenAsADecimal() {
    assertThat(BreakerConfig.from(new JsonObject("{\"windowMillis\": 20000.0}")).windowMillis()).isEqualTo(20_000);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"failureRateThreshold": 2.0}     | breaker.failureRateThreshold must be in (0,1], got 2.0
      {"failureRateThreshold": 0}       | breaker.failureRateThreshold must be in (0,1], got 0.0
      {"failureRateThreshold": "half"}  | breaker.failureRateThreshold must be a number, got "half"
      {"consecutiveFailures": 0}        | breaker.consecutiveFailures must be >= 1, got 0
      {"consecutiveFailures": 2.5}      | breaker.consecutiveFailures must be an integer, got 2.5
      {"consecutiveFailures": 3000000000} | breaker.consecutiveFailures must be a 32-bit integer, got 3000000000
      {"minimumCalls": "many"}          | breaker.minimumCalls must be an integer, got "many"
      {"minimumCalls": null}            | breaker.minimumCalls must be an integer, got null
      {"windowMillis": -1}              | breaker.windowMillis must be > 0, got -1
      {"openMillis": 0}                 | breaker.openMillis must be > 0, got 0
      """)
  void shouldRejectABadValueNamingTheKey(String json, String message) {
    assertThatThrownBy(() -> BreakerConfig.from(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldRejectAnUnknownKey() {
    assertThatThrownBy(() -> BreakerConfig.from(new JsonObject().put("consecutiveFailure", 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("breaker.consecutiveFailure is not a known key; known keys: consecutiveFailures,");
  }

  @Test
  void shouldValidateWhenBuiltInCode() {
    assertThatThrownBy(() -> new BreakerConfig(5, 0.5, 0, 10_000, 5_000))
        .hasMessage("breaker.minimumCalls must be >= 1, got 0");
  }
}
