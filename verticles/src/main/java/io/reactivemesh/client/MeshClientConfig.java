package io.reactivemesh.client;

import io.reactivemesh.client.policy.CallPolicy;
import io.vertx.core.json.JsonObject;

/**
 * The node-wide call policies, from the conf file's {@code mesh:} section: {@code defaults} (over the built-in ones of
 * DESIGN §3) and per-service overrides under {@code services.<name>}.
 */
public record MeshClientConfig(CallPolicy defaults, JsonObject services) {

  public static final String SECTION = "mesh";
  static final String DEFAULTS = "defaults";
  static final String SERVICES = "services";

  public MeshClientConfig {
    services = services == null ? new JsonObject() : services;
  }

  public static MeshClientConfig from(JsonObject conf) {
    JsonObject mesh = mapping(conf, SECTION, SECTION);
    JsonObject defaultsJson = mapping(mesh, DEFAULTS, SECTION + "." + DEFAULTS);
    CallPolicy defaults;
    try {
      defaults = CallPolicy.from(defaultsJson);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("mesh.defaults." + e.getMessage(), e);
    }
    JsonObject services = mapping(mesh, SERVICES, SECTION + "." + SERVICES);
    MeshClientConfig config = new MeshClientConfig(defaults, services);
    services.fieldNames().forEach(config::policyFor);
    return config;
  }

  /** The policy of calls to {@code service}: the defaults, then its own overrides. */
  public CallPolicy policyFor(String service) {
    try {
      return defaults.overriddenBy(services.getJsonObject(service));
    } catch (IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("mesh.services." + service + "." + e.getMessage(), e);
    }
  }

  /** The mapping under {@code key}, empty when absent; a ClassCastException would not say which key is wrong. */
  private static JsonObject mapping(JsonObject parent, String key, String where) {
    Object value = parent.getValue(key);
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new IllegalArgumentException(where + " must be a mapping, got " + value);
  }
}
