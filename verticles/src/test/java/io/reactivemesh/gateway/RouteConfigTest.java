package io.reactivemesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteConfigTest {

  @Test
  void shouldNameTheRouteAfterItsPathAndAcceptOnlyGetByDefault() {
    RouteConfig route = RouteConfig.from(new JsonObject("""
        {"path": "/api/articles/:id", "service": "articles"}
        """), 0);

    assertThat(route.name()).isEqualTo("/api/articles/:id");
    assertThat(route.path()).isEqualTo("/api/articles/:id");
    assertThat(route.service()).isEqualTo("articles");
    assertThat(route.methods()).containsExactly(HttpMethod.GET);
    assertThat(route.policy()).isEqualTo(new JsonObject());
    assertThat(route.fault()).isEqualTo(FaultConfig.NONE);
  }

  @Test
  void shouldReadEveryRouteKey() {
    RouteConfig route = RouteConfig.from(new JsonObject("""
        {"name": "orders-write", "path": "/api/orders", "methods": ["post", "PUT"], "service": "orders-v2",
         "fault": {"abortPercent": 10}}
        """), 0);

    assertThat(route.name()).isEqualTo("orders-write");
    assertThat(route.methods()).containsExactlyInAnyOrder(HttpMethod.POST, HttpMethod.PUT);
    assertThat(route.service()).isEqualTo("orders-v2");
    assertThat(route.fault()).isEqualTo(new FaultConfig(0, 0, 503, 10));
  }

  @Test
  void shouldKeepPolicyKeysAndLeaveRouteKeysOutOfThePolicy() {
    RouteConfig route = RouteConfig.from(new JsonObject("""
        {"name": "search", "path": "/api/search", "methods": ["GET"], "service": "search",
         "fault": {"delayMillis": 100, "delayPercent": 5},
         "timeoutMillis": 800, "retry": {"maxRetries": 0}, "maxInFlight": 64}
        """), 0);

    assertThat(route.policy()).isEqualTo(new JsonObject("""
        {"timeoutMillis": 800, "retry": {"maxRetries": 0}, "maxInFlight": 64}
        """));
  }

  @Test
  void shouldNotShareThePolicyWithTheJsonItWasReadFrom() {
    JsonObject json = new JsonObject().put("path", "/a").put("service", "a").put("timeoutMillis", 800);

    RouteConfig route = RouteConfig.from(json, 0);
    json.put("timeoutMillis", 1);

    assertThat(route.policy().getLong("timeoutMillis")).isEqualTo(800);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"service": "a"}                                   | routes[3].path must be a path starting with /
      {"path": "api/a", "service": "a"}                  | routes[3].path must be a path starting with /
      {"path": 7, "service": "a"}                        | routes[3].path must be a path starting with /
      {"path": "/a"}                                     | routes[3].service must name a service ([a-z][a-z0-9-]*)
      {"path": "/a", "service": "Articles"}              | routes[3].service must name a service ([a-z][a-z0-9-]*)
      {"path": "/a", "service": "a.b"}                   | routes[3].service must name a service ([a-z][a-z0-9-]*)
      {"path": "/a", "service": "a", "methods": []}      | routes[3].methods must be a non-empty list such as [GET, POST]
      {"path": "/a", "service": "a", "methods": "GET"}   | routes[3].methods must be a non-empty list such as [GET, POST]
      """)
  void shouldRejectABadEntryNamingItsIndexAndKey(String json, String message) {
    assertThatThrownBy(() -> RouteConfig.from(new JsonObject(json), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldRejectAServiceNameLongerThanSixtyThreeCharacters() {
    String service = "s" + "x".repeat(63);

    assertThatThrownBy(() -> RouteConfig.from(new JsonObject().put("path", "/a").put("service", service), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("routes[0].service ");
  }

  @Test
  void shouldRejectAMethodThatIsNotAnHttpTokenNamingTheKey() {
    JsonObject json = new JsonObject("""
        {"path": "/a", "service": "a", "methods": ["GET", "GE T"]}
        """);

    assertThatThrownBy(() -> RouteConfig.from(json, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes[1].methods has 'GE T', which is not an HTTP method");
  }

  @Test
  void shouldRejectABadFaultSettingNamingTheRouteAndTheKey() {
    JsonObject json = new JsonObject("""
        {"path": "/a", "service": "a", "fault": {"abortPercent": 150}}
        """);

    assertThatThrownBy(() -> RouteConfig.from(json, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes[2].fault.abortPercent must be between 0 and 100, got 150.0");
  }

  @Test
  void shouldRejectAnUnknownFaultSettingNamingTheRouteAndTheKey() {
    JsonObject json = new JsonObject("""
        {"path": "/a", "service": "a", "fault": {"abortPct": 10}}
        """);

    assertThatThrownBy(() -> RouteConfig.from(json, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("routes[2].fault.abortPct is not a fault setting");
  }

  @Test
  void shouldRejectAFaultThatIsNotAMappingNamingTheKey() {
    JsonObject json = new JsonObject("""
        {"path": "/a", "service": "a", "fault": "off"}
        """);

    assertThatThrownBy(() -> RouteConfig.from(json, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes[2].fault must be a mapping of delayMillis, delayPercent, abortStatus, abortPercent");
  }

  @Test
  void shouldRejectAnEmptyFaultSettingNamingTheRoute() {
    JsonObject json = new JsonObject("""
        {"path": "/a", "service": "a", "fault": {"delayMillis": null}}
        """);

    assertThatThrownBy(() -> RouteConfig.from(json, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes[2].fault settings must be numbers: {\"delayMillis\":null}");
  }
}
