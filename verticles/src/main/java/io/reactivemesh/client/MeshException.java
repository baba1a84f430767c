package io.reactivemesh.client;

import io.vertx.core.json.JsonObject;

/**
 * A call that the mesh could not complete, with the HTTP status and problem it maps to: no live instance (503),
 * bulkhead full (503), deadline passed (504); or a service's own error reply that a handler chooses to throw.
 */
public class MeshException extends RuntimeException {

  /** Seconds a client should wait before retrying a 503 from the mesh. */
  public static final int RETRY_AFTER_SECONDS = 1;

  private final int status;
  private final String title;
  private final JsonObject extra;

  public MeshException(int status, String title, String detail) {
    this(status, title, detail, null);
  }

  public MeshException(int status, String title, String detail, JsonObject extra) {
    super(detail, null, false, false);
    this.status = status;
    this.title = title;
    this.extra = extra;
  }

  public static MeshException noInstance(String service) {
    return new MeshException(503, "Service Unavailable", "no live instance of service '" + service + "'");
  }

  public static MeshException bulkheadFull(String service, int limit) {
    return new MeshException(503, "Service Unavailable", "service '" + service + "' has " + limit
      + " calls in flight on this node, its limit");
  }

  public static MeshException unavailable(String service, Throwable cause) {
    String reason = cause instanceof io.vertx.core.eventbus.ReplyException reply
      ? reply.failureType().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
      : cause == null ? "no answer" : cause.getClass().getSimpleName();
    return new MeshException(503, "Service Unavailable", "no instance of service '" + service + "' could answer: "
      + reason);
  }

  public static MeshException deadline(String service, long timeoutMillis) {
    return new MeshException(504, "Gateway Timeout", "service '" + service + "' did not answer within the deadline ("
      + timeoutMillis + " ms)");
  }

  /** 400/404/409/412/422...: a service refusing a request, named precisely. */
  public static MeshException invalid(int status, String title, String detail, String field) {
    return new MeshException(status, title, detail, field == null ? null : new JsonObject().put("field", field));
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The reply a client gets: a problem+json body, with {@code Retry-After} on a 503. */
  public Reply toReply() {
    Reply reply = Reply.problem(status, title, getMessage(), extra);
    return status == 503 ? reply.withHeader("retry-after", String.valueOf(RETRY_AFTER_SECONDS)) : reply;
  }
}
