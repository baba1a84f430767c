package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The admin endpoints, behind {@code Authorization: Bearer <admin token>}: {@code GET /mesh/admin/faults} and
 * {@code PUT /mesh/admin/faults/:route} to change a route's fault injection on every node at run time.
 */
final class AdminRoutes {

  static final String FAULTS = "/mesh/admin/faults";

  private AdminRoutes() {
  }

  static void mount(Vertx vertx, Router router, String adminToken, FaultRegistry faults) {
    router.route("/mesh/admin/*").handler(ctx -> authorize(ctx, adminToken));
    router.get(FAULTS).handler(ctx -> HttpEnvelope.send(ctx, Reply.ok(faults.toJson())));
    router.put(FAULTS + "/:route").handler(ctx -> changeFault(vertx, ctx, faults));
  }

  private static void authorize(RoutingContext ctx, String adminToken) {
    if (adminToken == null) {
      HttpEnvelope.send(ctx, new MeshException(403, "Forbidden",
        "admin endpoints are disabled: start the node with --admin-token").toReply());
      return;
    }
    String given = ctx.request().getHeader("authorization");
    String expected = "Bearer " + adminToken;
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
      HttpEnvelope.send(ctx, new MeshException(401, "Unauthorized",
        "admin endpoints need the header Authorization: Bearer <admin token>").toReply()
        .withHeader("www-authenticate", "Bearer"));
      return;
    }
    ctx.next();
  }

  private static void changeFault(Vertx vertx, RoutingContext ctx, FaultRegistry faults) {
    String route = ctx.pathParam("route");
    if (!faults.knows(route)) {
      HttpEnvelope.send(ctx, MeshException.invalid(404, "Not Found", "no route named '" + route + "'", "route").toReply());
      return;
    }
    JsonObject body;
    FaultConfig fault;
    try {
      body = ctx.body().asJsonObject();
      fault = FaultConfig.from(body, FaultConfig.NONE);
    } catch (RuntimeException e) {
      HttpEnvelope.send(ctx, MeshException.invalid(422, "Unprocessable Content",
        "a fault is a JSON object {delayMillis, delayPercent, abortStatus, abortPercent}: " + e.getMessage(), "fault")
        .toReply());
      return;
    }
    if (body == null) {
      HttpEnvelope.send(ctx, MeshException.invalid(400, "Bad Request", "send the fault as a JSON object", "body").toReply());
      return;
    }
    faults.set(route, fault);
    vertx.eventBus().publish(FaultRegistry.CHANGED_ADDRESS, new JsonObject().put("route", route).put("fault", fault.toJson()));
    HttpEnvelope.send(ctx, Reply.ok(new JsonObject().put(route, fault.toJson())));
  }
}
