package io.reactivemesh.ops;

import io.reactivemesh.node.ClusterView;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.Singletons;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The {@code /mesh/*} admin views: JSON pictures of the mesh as this node sees it. */
public final class MeshViewRoutes {

  public static final String NODES = "/mesh/nodes";
  public static final String SINGLETONS = "/mesh/singletons";
  static final String JSON = "application/json";

  private MeshViewRoutes() {
  }

  public static void mount(Vertx vertx, Router router) {
    NodeRuntime runtime = NodeRuntime.of(vertx);
    router.get(NODES).handler(ctx -> nodes(runtime, ctx));
    router.get(SINGLETONS).handler(ctx -> singletons(vertx, ctx));
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
