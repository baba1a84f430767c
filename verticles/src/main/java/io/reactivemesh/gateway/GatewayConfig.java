package io.reactivemesh.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gateway's settings, from its verticle config: request limits (body, headers, JSON depth, idle time), the route
 * table, and the OpenAPI document that requests are validated against ({@code openapi}: a file or a resource of the
 * jar; null, the default, validates nothing).
 */
public record GatewayConfig(int maxBodyBytes, int maxHeaderBytes, int idleTimeoutSeconds, int maxJsonDepth,
                            List<RouteConfig> routes, String openapi) {

  public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_HEADER_BYTES = 8 * 1024;
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_MAX_JSON_DEPTH = 32;

  public static GatewayConfig from(JsonObject json) {
    int maxBody = positive(json, "maxBodyBytes", DEFAULT_MAX_BODY_BYTES);
    int maxHeader = positive(json, "maxHeaderBytes", DEFAULT_MAX_HEADER_BYTES);
    int idle = positive(json, "idleTimeoutSeconds", DEFAULT_IDLE_TIMEOUT_SECONDS);
    int depth = positive(json, "maxJsonDepth", DEFAULT_MAX_JSON_DEPTH);
    Object openapi = json.getValue("openapi");
    if (openapi != null && !(openapi instanceof String path && !path.isBlank())) {
      throw new IllegalArgumentException("openapi must be the path of an OpenAPI document (file or jar resource), got "
        + openapi);
    }
    Object listed = json.getValue("routes", new JsonArray());
    if (!(listed instanceof JsonArray array)) {
      throw new IllegalArgumentException("routes must be a list");
    }
    List<RouteConfig> routes = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject route)) {
        throw new IllegalArgumentException("routes[" + i + "] must be a mapping with path and service");
      }
      RouteConfig config = RouteConfig.from(route, i);
      if (!names.add(config.name())) {
        throw new IllegalArgumentException("routes[" + i + "].name '" + config.name() + "' is used twice");
      }
      routes.add(config);
    }
    return new GatewayConfig(maxBody, maxHeader, idle, depth, List.copyOf(routes), (String) openapi);
  }

  private static int positive(JsonObject json, String key, int fallback) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    // doubleValue() != intValue(): 1.5 or 10000000000 would otherwise become 1 or 1410065408 without a word
    if (!(value instanceof Number number) || number.doubleValue() != number.intValue() || number.intValue() <= 0) {
      throw new IllegalArgumentException(key + " must be a positive whole number, got " + value);
    }
    return number.intValue();
  }
}
