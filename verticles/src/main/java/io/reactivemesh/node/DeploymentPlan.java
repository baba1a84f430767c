package io.reactivemesh.node;

import io.vertx.core.Deployable;
import io.vertx.core.Verticle;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a node deploys, from the conf file's {@code deploy:} section: {@code services} run on every node with this conf,
 * {@code singletons} run once in the mesh (HA: restarted on a survivor when their node dies).
 */
public record DeploymentPlan(List<Unit> services, List<Unit> singletons) {

  public static final String SECTION = "deploy";
  public static final int MAX_INSTANCES = 64;

  /** One verticle to deploy: its class on the classpath, how many instances, and the config it is given. */
  public record Unit(String verticle, int instances, JsonObject config) {

    /** A short name for logs and views: the class's simple name. */
    public String shortName() {
      return verticle.substring(verticle.lastIndexOf('.') + 1);
    }
  }

  public static DeploymentPlan from(JsonObject conf) {
    Object section = conf.getValue(SECTION);
    if (section == null) {
      return new DeploymentPlan(List.of(), List.of());
    }
    if (!(section instanceof JsonObject deploy)) {
      throw new OptionException("conf: 'deploy' must be a mapping with 'services' and 'singletons'");
    }
    for (String key : deploy.fieldNames()) {
      if (!key.equals("services") && !key.equals("singletons")) {
        throw new OptionException("conf: unknown key deploy." + key + " (expected services, singletons)");
      }
    }
    return new DeploymentPlan(units(deploy, "services", true), units(deploy, "singletons", false));
  }

  private static List<Unit> units(JsonObject deploy, String key, boolean instancesAllowed) {
    Object list = deploy.getValue(key);
    if (list == null) {
      return List.of();
    }
    if (!(list instanceof JsonArray array)) {
      throw new OptionException("conf: deploy." + key + " must be a list");
    }
    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "deploy." + key + "[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject item)) {
        throw new OptionException("conf: " + where + " must be a mapping with 'verticle'");
      }
      String verticle = item.getValue("verticle") instanceof String s ? s : null;
      if (verticle == null || verticle.isBlank()) {
        throw new OptionException("conf: " + where + ".verticle must name a verticle class");
      }
      if (!isVerticleClass(verticle)) {
        throw new OptionException("conf: " + where + ".verticle: no verticle class " + verticle + " on the classpath");
      }
      if (!instancesAllowed && !isSingletonClass(verticle)) {
        throw new OptionException("conf: " + where + ".verticle: " + verticle + " must extend "
          + SingletonVerticle.class.getName() + " to run as a singleton");
      }
      int instances = item.getValue("instances") == null ? 1 : instancesOf(item.getValue("instances"), where);
      if (!instancesAllowed && instances != 1) {
        throw new OptionException("conf: " + where + ".instances must be 1: a singleton runs once in the mesh");
      }
      Object config = item.getValue("config");
      if (config != null && !(config instanceof JsonObject)) {
        throw new OptionException("conf: " + where + ".config must be a mapping");
      }
      units.add(new Unit(verticle, instances, config == null ? new JsonObject() : (JsonObject) config));
    }
    return List.copyOf(units);
  }

  private static int instancesOf(Object value, String where) {
    if (value instanceof Integer n && n >= 1 && n <= MAX_INSTANCES) {
      return n;
    }
    throw new OptionException("conf: " + where + ".instances must be a whole number from 1 to " + MAX_INSTANCES + ", got " + value);
  }

  private static boolean isVerticleClass(String className) {
    Class<?> type = load(className);
    return type != null && (Deployable.class.isAssignableFrom(type) || Verticle.class.isAssignableFrom(type));
  }

  private static boolean isSingletonClass(String className) {
    Class<?> type = load(className);
    return type != null && SingletonVerticle.class.isAssignableFrom(type);
  }

  private static Class<?> load(String className) {
    try {
      return Class.forName(className, false, DeploymentPlan.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }
}
