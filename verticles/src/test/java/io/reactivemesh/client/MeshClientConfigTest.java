package io.reactivemesh.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reactivemesh.client.policy.BreakerConfig;
import io.reactivemesh.client.policy.CallPolicy;
import io.reactivemesh.client.policy.RetryConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MeshClientConfigTest {

  private static final JsonObject CONF = new JsonObject("""
      {"node": {"name": "n1"},
       "mesh": {
         "defaults": {"timeoutMillis": 1500, "retry": {"maxRetries": 1}},
         "services": {
           "orders": {"timeoutMillis": 500, "breaker": {"openMillis": 2000}},
           "search": {"retry": {"maxRetries": 0}, "maxInFlight": 32}}}}
      """);

  @Test
  void shouldUseTheBuiltInPoliciesWithoutAMeshSection() {
    MeshClientConfig config = MeshClientConfig.from(new JsonObject());

    assertThat(config.defaults()).isEqualTo(CallPolicy.DEFAULTS);
    assertThat(config.services()).isEqualTo(new JsonObject());
    assertThat(config.policyFor("orders")).isEqualTo(CallPolicy.DEFAULTS);
  }

  @Test
  void shouldApplyTheMeshDefaultsOverTheBuiltInOnes() {
    MeshClientConfig config = MeshClientConfig.from(CONF);

    assertThat(config.defaults().timeoutMillis()).isEqualTo(1_500);
    assertThat(config.defaults().retry().maxRetries()).isEqualTo(1);
    assertThat(config.defaults().maxInFlight()).isEqualTo(CallPolicy.DEFAULT_MAX_IN_FLIGHT);
  }

  @Test
  void shouldApplyTheDefaultsThenTheServiceOverride() {
    CallPolicy orders = MeshClientConfig.from(CONF).policyFor("orders");

    assertThat(orders.timeoutMillis()).isEqualTo(500);
    assertThat(orders.retry().maxRetries()).as("from the mesh defaults").isEqualTo(1);
    assertThat(orders.breaker().openMillis()).isEqualTo(2_000);
    assertThat(orders.breaker().consecutiveFailures()).isEqualTo(BreakerConfig.DEFAULTS.consecutiveFailures());
    assertThat(orders.maxInFlight()).isEqualTo(CallPolicy.DEFAULT_MAX_IN_FLIGHT);
  }

  @Test
  void shouldLetAServiceOverrideTheMeshDefaults() {
    CallPolicy search = MeshClientConfig.from(CONF).policyFor("search");

    assertThat(search.timeoutMillis()).as("from the mesh defaults").isEqualTo(1_500);
    assertThat(search.retry()).isEqualTo(RetryConfig.DEFAULTS.overriddenBy(new JsonObject().put("maxRetries", 0)));
    assertThat(search.maxInFlight()).isEqualTo(32);
  }

  @Test
  void shouldGiveAServiceWithoutOverridesTheMeshDefaults() {
    MeshClientConfig config = MeshClientConfig.from(CONF);

    assertThat(config.policyFor("catalog")).isEqualTo(config.defaults());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"timeoutMillis": 0}                      | mesh.services.orders.timeoutMillis must be > 0, got 0
      {"maxInFlight": "many"}                   | mesh.services.orders.maxInFlight must be an integer, got "many"
      {"retry": {"maxRetries": -1}}             | mesh.services.orders.retry.maxRetries must be >= 0, got -1
      {"breaker": 3}                            | mesh.services.orders.breaker must be an object, got 3
      """)
  void shouldRejectABadServiceValueAtStartNamingTheService(String orders, String message) {
    JsonObject conf = new JsonObject().put("mesh", new JsonObject()
        .put("services", new JsonObject().put("orders", new JsonObject(orders))));

    assertThatThrownBy(() -> MeshClientConfig.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldRejectAnUnknownKeyInAServiceSection() {
    JsonObject conf = new JsonObject("""
        {"mesh": {"services": {"orders": {"retry": {"maxRetry": 1}}}}}
        """);

    assertThatThrownBy(() -> MeshClientConfig.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mesh.services.orders.retry.maxRetry is not a known key");
  }

  @Test
  void shouldRejectAServiceEntryThatIsNotAMapping() {
    JsonObject conf = new JsonObject("""
        {"mesh": {"services": {"orders": 500}}}
        """);

    assertThatThrownBy(() -> MeshClientConfig.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("mesh.services.orders");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"maxInFlight": 0}                        | mesh.defaults.maxInFlight must be >= 1, got 0
      {"timeoutMillis": 2.5}                    | mesh.defaults.timeoutMillis must be an integer, got 2.5
      {"breaker": {"minimumCalls": -1}}         | mesh.defaults.breaker.minimumCalls
      """)
  void shouldRejectABadDefaultAtStartNamingIt(String defaults, String message) {
    JsonObject conf = new JsonObject().put("mesh", new JsonObject().put("defaults", new JsonObject(defaults)));

    assertThatThrownBy(() -> MeshClientConfig.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void shouldRejectDefaultsThatAreNotAMapping() {
    JsonObject conf = new JsonObject("""
        {"mesh": {"defaults": 2000}}
        """);

    assertThatThrownBy(() -> MeshClientConfig.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mesh.defaults must be a mapping, got 2000");
  }

  @Test
  void shouldRejectServicesThatAreNotAMapping() {
    JsonObject conf = new JsonObject("""
        {"mesh": {"services": ["orders"]}}
        """);

    assertThatThrownBy(() -> MeshClientConfig.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mesh.services must be a mapping, got [\"orders\"]");
  }

  @Test
  void shouldRejectAMeshSectionThatIsNotAMapping() {
    assertThatThrownBy(() -> MeshClientConfig.from(new JsonObject().put("mesh", "on")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mesh must be a mapping, got on");
  }
}
