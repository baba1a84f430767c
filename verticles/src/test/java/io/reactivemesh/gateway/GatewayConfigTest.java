package io.reactivemesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GatewayConfigTest {

  @Test
  void shouldApplyTheDefaultLimitsAndNoRoutes() {
    GatewayConfig config = GatewayConfig.from(new JsonObject());

    assertThat(config.maxBodyBytes()).isEqualTo(1024 * 1024);
    assertThat(config.maxHeaderBytes()).isEqualTo(8 * 1024);
    assertThat(config.idleTimeoutSeconds()).isEqualTo(60);
    assertThat(config.maxJsonDepth()).isEqualTo(32);
    assertThat(config.routes()).isEmpty();
  }

  @Test
  void shouldReadTheLimits() {
    GatewayConfig config = GatewayConfig.from(new JsonObject("""
        {"maxBodyBytes": 4096, "maxHeaderBytes": 2048, "idleTimeoutSeconds": 5, "maxJsonDepth": 8}
        """));

    assertThat(config).isEqualTo(new GatewayConfig(4096, 2048, 5, 8, List.of(), null));
  }

  @Test
  void shouldReadTheRoutesInOrder() {
    GatewayConfig config = GatewayConfig.from(new JsonObject("""
        {"routes": [
          {"name": "article", "path": "/api/articles/:id", "service": "articles", "timeoutMillis": 500},
          {"path": "/api/orders", "methods": ["POST"], "service": "orders"}
        ]}
        """));

    assertThat(config.routes()).extracting(RouteConfig::name).containsExactly("article", "/api/orders");
    assertThat(config.routes().get(0).policy()).isEqualTo(new JsonObject().put("timeoutMillis", 500));
  }

  @Test
  void shouldRejectTwoRoutesWithTheSameName() {
    JsonObject json = new JsonObject("""
        {"routes": [
          {"name": "orders", "path": "/api/orders", "service": "orders"},
          {"name": "orders", "path": "/api/orders/:id", "service": "orders"}
        ]}
        """);

    assertThatThrownBy(() -> GatewayConfig.from(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes[1].name 'orders' is used twice");
  }

  @Test
  void shouldRejectTwoUnnamedRoutesOnTheSamePath() {
    JsonObject json = new JsonObject("""
        {"routes": [
          {"path": "/api/orders", "service": "orders"},
          {"path": "/api/orders", "methods": ["POST"], "service": "orders"}
        ]}
        """);

    assertThatThrownBy(() -> GatewayConfig.from(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("routes[1].name '/api/orders' is used twice");
  }

  @Test
  void shouldNameTheIndexOfABadRoute() {
    JsonObject json = new JsonObject("""
        {"routes": [
          {"path": "/api/orders", "service": "orders"},
          {"path": "/api/articles", "service": "Articles"}
        ]}
        """);

    assertThatThrownBy(() -> GatewayConfig.from(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("routes[1].service ");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"routes": {"path": "/a"}}           | routes must be a list
      {"routes": ["/a"]}                   | routes[0] must be a mapping with path and service
      {"maxBodyBytes": 0}                  | maxBodyBytes must be a positive whole number, got 0
      {"maxHeaderBytes": -1}               | maxHeaderBytes must be a positive whole number, got -1
      {"idleTimeoutSeconds": "60s"}        | idleTimeoutSeconds must be a positive whole number, got 60s
      {"maxJsonDepth": 0.5}                | maxJsonDepth must be a positive whole number, got 0.5
      {"maxJsonDepth": 1.5}                | maxJsonDepth must be a positive whole number, got 1.5
      {"maxBodyBytes": 10000000000}        | maxBodyBytes must be a positive whole number, got 10000000000
      """)
  void shouldRejectABadValueNamingTheKey(String json, String message) {
    assertThatThrownBy(() -> GatewayConfig.from(new JsonObject(json)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldAcceptAWholeNumberWrittenWithADecimalPoint() {
    // YAML and JSON parsers may hand over 60.0 for 60.
    assertThat(GatewayConfig.from(new JsonObject().put("idleTimeoutSeconds", 60.0)).idleTimeoutSeconds())
        .isEqualTo(60);
  }
}
