package io.reactivemesh.support;

import io.reactivemesh.gateway.GatewayVerticle;
import io.reactivemesh.node.DeploymentPlan;
import io.reactivemesh.service.EchoService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** Node confs for in-JVM tests, shaped like conf/node.yaml: a service, and a gateway with routes to it. */
public final class TestConfs {

  private TestConfs() {
  }

  /** A gateway route: name, path, service, methods (GET when none given). */
  public static JsonObject route(String name, String path, String service, String... methods) {
    return new JsonObject().put("name", name).put("path", path).put("service", service)
      .put("methods", new JsonArray(List.of(methods.length == 0 ? new String[]{"GET"} : methods)));
  }

  /** A conf deploying the echo service and a gateway with these routes. */
  public static JsonObject echoBehindGateway(JsonObject... routes) {
    JsonArray services = new JsonArray()
      .add(new JsonObject().put("verticle", EchoService.class.getName()))
      .add(new JsonObject().put("verticle", GatewayVerticle.class.getName())
        .put("config", new JsonObject().put("routes", new JsonArray(List.of((Object[]) routes)))));
    return new JsonObject().put(DeploymentPlan.SECTION, new JsonObject().put("services", services));
  }
}
