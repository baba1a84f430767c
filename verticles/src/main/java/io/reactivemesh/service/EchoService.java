package io.reactivemesh.service;

import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The mesh's trivial service, for smoke tests, benchmarks and drills: answers 200 with what it received (method, path,
 * parameters, body) and the instance that answered, without touching any state.
 */
public class EchoService extends MeshService {

  public static final String NAME = "echo";

  @Override
  protected String serviceName() {
    return NAME;
  }

  @Override
  protected Future<Reply> handle(Request request) {
    return Future.succeededFuture(Reply.ok(new JsonObject()
      .put("service", service())
      .put("instance", instanceId())
      .put("method", request.method())
      .put("path", request.path())
      .put("pathParams", request.pathParams())
      .put("query", request.query())
      .put("body", request.body())));
  }
}
