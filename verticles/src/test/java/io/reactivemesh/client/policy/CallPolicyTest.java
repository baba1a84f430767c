package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallPolicyTest {

  @Test
  void shouldApplyTheDesignDefaults() {
    CallPolicy policy = CallPolicy.from(new JsonObject());

    assertThat(policy).isEqualTo(CallPolicy.DEFAULTS).isEqualTo(CallPolicy.from(null));
    assertThat(policy.timeoutMillis()).isEqualTo(2_000);
    assertThat(policy.maxInFlight()).isEqualTo(512);
    assertThat(policy.breaker()).isEqualTo(BreakerConfig.DEFAULTS);
    assertThat(policy.retry()).isEqualTo(RetryConfig.DEFAULTS);
  }

  @Test
  void shouldReadEverySection() {
    CallPolicy policy = CallPolicy.from(new JsonObject("""
        {"timeoutMillis": 750, "maxInFlight": 64, "preferSameEventLoop": true,
         "breaker": {"consecutiveFailures": 3, "openMillis": 1000},
         "retry": {"maxRetries": 1, "backoffCapMillis": 200}}
        """));

    assertThat(policy).isEqualTo(new CallPolicy(750, CallPolicy.DEFAULT_ATTEMPT_TIMEOUT_MILLIS,
        new BreakerConfig(3, 0.5, 20, 10_000, 1_000),
        new RetryConfig(1, 25, 200, 0.2, 10, 10_000),
        64, true));
  }

  @Test
  void shouldLayerServiceThenRouteOverridesKeyByKey() {
    CallPolicy service = CallPolicy.DEFAULTS.overriddenBy(new JsonObject("""
        {"timeoutMillis": 500, "breaker": {"minimumCalls": 50}, "retry": {"maxRetries": 1}}
        """));
    CallPolicy route = service.overriddenBy(new JsonObject("""
        {"breaker": {"openMillis": 2000}, "retry": {"budgetRatio": 0.1}}
        """));

    assertThat(route.timeoutMillis()).isEqualTo(500);
    assertThat(route.maxInFlight()).isEqualTo(512);
    assertThat(route.breaker()).isEqualTo(new BreakerConfig(5, 0.5, 50, 10_000, 2_000));
    assertThat(route.retry()).isEqualTo(new RetryConfig(1, 25, 1_000, 0.1, 10, 10_000));
  }

  @Test
  void shouldStayTheSameWhenNothingIsOverridden() {
    CallPolicy service = CallPolicy.from(new JsonObject().put("timeoutMillis", 300));

    assertThat(service.overriddenBy(new JsonObject())).isEqualTo(service);
    assertThat(service.overriddenBy(null)).isSameAs(service);
  }

  @Test
  void shouldIgnoreARouteOwnKeysBesideThePolicy() {
    CallPolicy route = CallPolicy.DEFAULTS.overriddenBy(
        new JsonObject().put("path", "/api/articles").put("service", "articles").put("timeoutMillis", 900));

    assertThat(route.timeoutMillis()).isEqualTo(900);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"timeoutMillis": 0}                          | timeoutMillis must be > 0, got 0
      {"timeoutMillis": "2s"}                       | timeoutMillis must be an integer, got "2s"
      {"maxInFlight": 0}                            | maxInFlight must be >= 1, got 0
      {"preferSameEventLoop": "yes"}                | preferSameEventLoop must be true or false, got "yes"
      {"breaker": 5}                                | breaker must be an object, got 5
      {"retry": [1, 2]}                             | retry must be an object, got [1,2]
      {"breaker": {"failureRateThreshold": 2.0}}    | breaker.failureRateThreshold must be in (0,1], got 2.0
      {"retry": {"budgetRatio": -0.1}}              | retry.budgetRatio must be in [0,1], got -0.1
      """)
  void shouldRejectABadValueNamingTheKey(String json, String message) {
    assertThatThrownBy(() -> CallPolicy.from(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
    assertThatThrownBy(() -> CallPolicy.DEFAULTS.overriddenBy(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldGiveEachCallItsDeadline() {
    CallPolicy policy = CallPolicy.from(new JsonObject().put("timeoutMillis", 1_500));

    assertThat(policy.deadline(1_000_000L)).isEqualTo(Deadline.at(1_001_500L));
  }
}
