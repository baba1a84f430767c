package io.reactivemesh.client;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/** The envelope a service answers with: an HTTP status, response headers and a body (JSON value or null). */
public record Reply(int status, JsonObject headers, Object body) {

  public static final String PROBLEM_JSON = "application/problem+json";
  static final String STATUS = "status";
  static final String HEADERS = "headers";
  static final String BODY = "body";

  public Reply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status, got " + status);
    }
    headers = Objects.requireNonNullElseGet(headers, JsonObject::new);
  }

  /** The body as a JSON value (JsonObject, JsonArray, String, Number, Boolean) or null; parsed on first read. */
  @Override
  public Object body() {
    return body instanceof JsonBytes bytes ? bytes.value() : body;
  }

  /** The body as JSON bytes, as it came over the event bus when it did (no parsing, no encoding); null for none. */
  public Buffer encodedBody() {
    return JsonBytes.of(body);
  }

  /** The body as held: possibly still the JSON bytes it came in on the event bus. */
  Object rawBody() {
    return body;
  }

  /** A copy that shares nothing mutable with this one, as a local event-bus delivery hands over. */
  Reply copy() {
    return new Reply(status, headers.copy(), EnvelopeWire.copyOf(body));
  }

  /**
   * A copy whose body is its JSON bytes, as a reply that crossed the event bus: it shares nothing mutable with this
   * one, and a gateway writes those bytes to HTTP as they are (the body is parsed only if read).
   */
  Reply serialized() {
    Buffer json = JsonBytes.of(body);
    return new Reply(status, headers.copy(), json == null ? null : new JsonBytes(json));
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Reply that && status == that.status && headers.equals(that.headers)
      && Objects.equals(body(), that.body());
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, headers, body());
  }

  public static Reply of(int status, Object body) {
    return new Reply(status, null, body);
  }

  public static Reply ok(Object body) {
    return of(200, body);
  }

  public static Reply noContent() {
    return of(204, null);
  }

  /** An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail}, plus any extra members. */
  public static Reply problem(int status, String title, String detail, JsonObject extra) {
    JsonObject body = new JsonObject()
      .put("type", "about:blank")
      .put("title", title)
      .put("status", status)
      .put("detail", detail);
    if (extra != null) {
      body.mergeIn(extra);
    }
    return new Reply(status, new JsonObject().put("content-type", PROBLEM_JSON), body);
  }

  public Reply withHeader(String name, String value) {
    return new Reply(status, headers.copy().put(name.toLowerCase(java.util.Locale.ROOT), value), body);
  }

  public boolean isServerError() {
    return status >= 500;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(STATUS, status);
    if (!headers.isEmpty()) {
      json.put(HEADERS, headers);
    }
    if (body != null) {
      json.put(BODY, body());
    }
    return json;
  }

  public static Reply fromJson(JsonObject json) {
    return new Reply(json.getInteger(STATUS), json.getJsonObject(HEADERS), json.getValue(BODY));
  }
}
