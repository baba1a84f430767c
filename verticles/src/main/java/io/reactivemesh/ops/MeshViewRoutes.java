package io.reactivemesh.ops;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.node.ClusterView;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.Singletons;
import io.reactivemesh.registry.ServiceRecord;
import io.reactivemesh.registry.ServiceRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.TreeMap;

/** The {@code /mesh/*} admin views: JSON pictures of the mesh as this node sees it. */
public final class MeshViewRoutes {

  public static final String NODES = "/mesh/nodes";
  public static final String SINGLETONS = "/mesh/singletons";
  public static final String SERVICES = "/mesh/services";
  public static final String BREAKERS = "/mesh/breakers";
  static final String JSON = "application/json";

  private MeshViewRoutes() {
  }

  public static void mount(Vertx vertx, Router router) {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    router.get(NODES).handler(ctx -> nodes(runtime, ctx));
    router.get(SINGLETONS).handler(ctx -> singletons(vertx, ctx));
    router.get(SERVICES).handler(ctx -> services(vertx, ctx));
    router.get(BREAKERS).handler(ctx -> breakers(vertx, ctx));
  }

  private static void services(Vertx vertx, RoutingContext ctx) {
    JsonObject body = new JsonObject();
    new TreeMap<>(ServiceRegistry.of(vertx).all()).forEach((service, instances) ->
      body.put(service, new JsonArray(instances.stream().map(ServiceRecord::toJson).toList())));
    json(ctx, body);
  }

  private static void breakers(Vertx vertx, RoutingContext ctx) {
    MeshClient client = MeshClient.of(vertx);
    json(ctx, new JsonObject().put("breakers", client.breakers()).put("retries", client.retryStats()));
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("content-type", JSON).end(body.encodePrettily());
  }

  private static void nodes(NodeRuntime runtime, RoutingContext ctx) {
    JsonArray members = new JsonArray(runtime.cluster().members().stream().map(ClusterView.MemberInfo::toJson).toList());
    ctx.response().putHeader("content-type", JSON).end(new JsonObject()
      .put("self", runtime.options().nodeName())
      .put("cluster", runtime.cluster().clusterName())
      .put("quorum", runtime.cluster().quorum())
      .put("size", runtime.cluster().size())
      .put("members", members)
      .put("singletons", new JsonArray(runtime.localSingletons().stream().sorted().toList()))
      .encodePrettily());
  }

  private static void singletons(Vertx vertx, RoutingContext ctx) {
    vertx.sharedData().<String, JsonObject>getAsyncMap(Singletons.OWNERS_MAP)
      .compose(AsyncMap::entries)
      .onSuccess(entries -> {
        JsonObject body = new JsonObject();
        entries.forEach(body::put);
        ctx.response().putHeader("content-type", JSON).end(body.encodePrettily());
      })
      .onFailure(ctx::fail);
  }
}
