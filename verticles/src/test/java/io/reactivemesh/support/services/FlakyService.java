package io.reactivemesh.support.services;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.reactivemesh.service.MeshService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A test service whose instances on one node fail (500) while {@link #setFailing} says so, and count the calls
 * they took; config {@code delayMillis} makes every answer slow.
 */
public class FlakyService extends MeshService {

  public static final String NAME = "flaky";
  private static final String STATE = "test.flaky";

  public static void setFailing(Vertx nodeVertx, boolean failing) {
    nodeVertx.sharedData().getLocalMap(STATE).put("failing", failing);
  }

  /** Calls the instances of this service on {@code nodeVertx} have handled. */
  public static int calls(Vertx nodeVertx) {
    return (Integer) nodeVertx.sharedData().getLocalMap(STATE).getOrDefault("calls", 0);
  }

  @Override
  protected String serviceName() {
    return NAME;
  }

  @Override
  protected Future<Reply> handle(Request request) {
    var state = vertx.sharedData().getLocalMap(STATE);
    state.compute("calls", (k, v) -> v == null ? 1 : (Integer) v + 1);
    if (Boolean.TRUE.equals(state.get("failing"))) {
      return Future.failedFuture(new MeshException(500, "Internal Server Error", "flaky instance failing on purpose"));
    }
    Reply reply = Reply.ok(new JsonObject().put("instance", instanceId()).put("body", request.body()));
    long delay = config().getLong("delayMillis", 0L);
    if (delay > 0) {
      return vertx.timer(delay).map(reply);
    }
    return Future.succeededFuture(reply);
  }
}
