package io.reactivemesh.gateway;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One entry of the gateway's route table: a name, a path template (vertx-web syntax, {@code /api/articles/:id}), the
 * methods it accepts, the service it goes to, the call-policy overrides of the route and its fault injection.
 */
public record RouteConfig(String name, String path, Set<HttpMethod> methods, String service, JsonObject policy,
                          FaultConfig fault) {

  static final List<String> ROUTE_KEYS = List.of("name", "path", "methods", "service", "fault");

  /** Reads {@code routes[index]}; a bad entry is an {@link IllegalArgumentException} naming the key. */
  static RouteConfig from(JsonObject json, int index) {
    String where = "routes[" + index + "]";
    String path = json.getValue("path") instanceof String p ? p : null;
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(where + ".path must be a path starting with /");
    }
    String service = json.getValue("service") instanceof String s ? s : null;
    if (service == null || !service.matches("[a-z][a-z0-9-]{0,62}")) {
      throw new IllegalArgumentException(where + ".service must name a service ([a-z][a-z0-9-]*)");
    }
    String name = json.getString("name", path);
    Set<HttpMethod> methods = new LinkedHashSet<>();
    Object listed = json.getValue("methods", new JsonArray().add("GET"));
    if (!(listed instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException(where + ".methods must be a non-empty list such as [GET, POST]");
    }
    for (Object method : array) {
      try {
        methods.add(HttpMethod.valueOf(String.valueOf(method).toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ".methods has '" + method + "', which is not an HTTP method", e);
      }
    }
    JsonObject policy = json.copy();
    ROUTE_KEYS.forEach(policy::remove);
    Object faultJson = json.getValue("fault");
    if (faultJson != null && !(faultJson instanceof JsonObject)) {
      throw new IllegalArgumentException(where + ".fault must be a mapping of delayMillis, delayPercent, abortStatus, "
        + "abortPercent");
    }
    FaultConfig fault;
    try {
      fault = FaultConfig.from(json.getJsonObject("fault"), FaultConfig.NONE);
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException(where + "." + e.getMessage(), e);
    }
    return new RouteConfig(name, path, Set.copyOf(methods), service, policy, fault);
  }
}
