package io.reactivemesh.client;

import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.Objects;

/**
 * The envelope of one call through the mesh, as it travels on the event bus: the HTTP method and path, path
 * parameters, query, an allow-list of headers, the body (JSON value or null), the absolute {@code deadline}
 * (epoch ms), the W3C {@code traceparent}, the request id and the idempotency key.
 */
public record Request(String method, String path, JsonObject pathParams, JsonObject query, JsonObject headers,
                      Object body, long deadline, String traceparent, String requestId, String idempotencyKey) {

  static final String METHOD = "method";
  static final String PATH = "path";
  static final String PATH_PARAMS = "pathParams";
  static final String QUERY = "query";
  static final String HEADERS = "headers";
  static final String BODY = "body";
  static final String DEADLINE = "deadline";
  static final String TRACEPARENT = "traceparent";
  static final String REQUEST_ID = "requestId";
  static final String IDEMPOTENCY_KEY = "idempotencyKey";

  public Request {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    pathParams = pathParams == null ? new JsonObject() : pathParams;
    query = query == null ? new JsonObject() : query;
    headers = headers == null ? new JsonObject() : headers;
  }

  /** The body as a JSON value (JsonObject, JsonArray, String, Number, Boolean) or null; parsed on first read. */
  @Override
  public Object body() {
    return body instanceof JsonBytes bytes ? bytes.value() : body;
  }

  /** The body as held: possibly still the JSON bytes it came in on the event bus. */
  Object rawBody() {
    return body;
  }

  /** A copy that shares nothing mutable with this one, as a local event-bus delivery hands over. */
  Request copy() {
    return new Request(method, path, pathParams.copy(), query.copy(), headers.copy(), EnvelopeWire.copyOf(body),
      deadline, traceparent, requestId, idempotencyKey);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Request that && method.equals(that.method) && path.equals(that.path)
      && pathParams.equals(that.pathParams) && query.equals(that.query) && headers.equals(that.headers)
      && Objects.equals(body(), that.body()) && deadline == that.deadline && Objects.equals(traceparent, that.traceparent)
      && Objects.equals(requestId, that.requestId) && Objects.equals(idempotencyKey, that.idempotencyKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, path, pathParams, query, headers, body(), deadline, traceparent, requestId,
      idempotencyKey);
  }

  /** A request made inside the mesh (a service calling another), with no deadline yet: the client's policy sets it. */
  public static Request of(String method, String path) {
    return new Request(method, path, null, null, null, null, 0, null, null, null);
  }

  public Request withBody(Object newBody) {
    return new Request(method, path, pathParams, query, headers, newBody, deadline, traceparent, requestId, idempotencyKey);
  }

  public Request withPathParams(Map<String, String> params) {
    return new Request(method, path, new JsonObject(Map.copyOf(params)), query, headers, body, deadline, traceparent,
      requestId, idempotencyKey);
  }

  public Request withDeadline(long newDeadline) {
    return new Request(method, path, pathParams, query, headers, body, newDeadline, traceparent, requestId, idempotencyKey);
  }

  public Request withIdempotencyKey(String key) {
    return new Request(method, path, pathParams, query, headers, body, deadline, traceparent, requestId, key);
  }

  /**
   * A call this request's handler makes to another service: same deadline, trace and request id (a new span of the
   * same trace), so the downstream call never outlives its caller and shows in the same trace.
   */
  public Request downstream(String downstreamMethod, String downstreamPath) {
    return new Request(downstreamMethod, downstreamPath, null, null, null, null, deadline,
      traceparent == null ? null : TraceContext.next(traceparent), requestId, null);
  }

  public String pathParam(String name) {
    return pathParams.getString(name);
  }

  /** The first value of a query parameter, or null. */
  public String queryParam(String name) {
    Object value = query.getValue(name);
    if (value instanceof io.vertx.core.json.JsonArray values) {
      return values.isEmpty() ? null : String.valueOf(values.getValue(0));
    }
    return value == null ? null : String.valueOf(value);
  }

  public String header(String lowerCaseName) {
    return headers.getString(lowerCaseName);
  }

  public JsonObject bodyAsJsonObject() {
    return body() instanceof JsonObject json ? json : null;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject()
      .put(METHOD, method)
      .put(PATH, path)
      .put(DEADLINE, deadline);
    putIfNotEmpty(json, PATH_PARAMS, pathParams);
    putIfNotEmpty(json, QUERY, query);
    putIfNotEmpty(json, HEADERS, headers);
    if (body != null) {
      json.put(BODY, body());
    }
    if (traceparent != null) {
      json.put(TRACEPARENT, traceparent);
    }
    if (requestId != null) {
      json.put(REQUEST_ID, requestId);
    }
    if (idempotencyKey != null) {
      json.put(IDEMPOTENCY_KEY, idempotencyKey);
    }
    return json;
  }

  public static Request fromJson(JsonObject json) {
    return new Request(json.getString(METHOD), json.getString(PATH), json.getJsonObject(PATH_PARAMS),
      json.getJsonObject(QUERY), json.getJsonObject(HEADERS), json.getValue(BODY), json.getLong(DEADLINE, 0L),
      json.getString(TRACEPARENT), json.getString(REQUEST_ID), json.getString(IDEMPOTENCY_KEY));
  }

  private static void putIfNotEmpty(JsonObject json, String key, JsonObject value) {
    if (!value.isEmpty()) {
      json.put(key, value);
    }
  }
}
