package io.reactivemesh.publishing;

import io.reactivemesh.node.ConfFile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Confs for the publishing tests: the bundled conf/node.yaml as shipped (so the tests cover its wiring), without its
 * {@code node:} section (ports and names come from the test), optionally with one verticle's config changed.
 */
final class PublishingConfs {

  private PublishingConfs() {
  }

  static JsonObject bundled() {
    JsonObject conf = ConfFile.load(ConfFile.BUNDLED);
    conf.remove("node");
    return conf;
  }

  /** Merges {@code config} into the config of the service or singleton whose class is {@code verticle}. */
  static JsonObject withConfig(JsonObject conf, Class<?> verticle, JsonObject config) {
    JsonObject deploy = conf.getJsonObject("deploy");
    for (String section : new String[]{"services", "singletons"}) {
      JsonArray units = deploy.getJsonArray(section, new JsonArray());
      for (Object unit : units) {
        JsonObject item = (JsonObject) unit;
        if (item.getString("verticle").equals(verticle.getName())) {
          item.put("config", item.getJsonObject("config", new JsonObject()).mergeIn(config));
          return conf;
        }
      }
    }
    throw new IllegalArgumentException(verticle.getName() + " is not in the conf");
  }
}
