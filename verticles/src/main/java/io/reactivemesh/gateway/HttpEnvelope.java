package io.reactivemesh.gateway;

import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.reactivemesh.client.Request;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * HTTP to envelope and back: checks the body (JSON content type, nesting depth, well-formed) and maps the request to a
 * {@link Request}; writes a {@link Reply} as the HTTP response, problems as {@code application/problem+json}.
 */
final class HttpEnvelope {

  // Header names and values used on every request are Netty AsciiStrings (HttpHeaders.createOptimized): Vert.x's
  // header map hashes a String name on each lookup, an AsciiString once (the forwarded headers' lookups were 4 % of
  // the local benchmark node's CPU samples as Strings).

  /** Request headers a service may see; the rest stay at the edge. */
  static final List<CharSequence> FORWARDED_HEADERS = Stream.of(
      "accept", "accept-language", "content-type", "if-match", "if-none-match", "if-modified-since", "user-agent")
    .map(HttpHeaders::createOptimized).toList();
  static final CharSequence REQUEST_ID_HEADER = HttpHeaders.createOptimized("x-request-id");
  static final CharSequence TRACEPARENT_HEADER = HttpHeaders.createOptimized("traceparent");
  static final CharSequence IDEMPOTENCY_KEY_HEADER = HttpHeaders.createOptimized("idempotency-key");
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 256;

  private HttpEnvelope() {
  }

  /**
   * The envelope of this HTTP request with its body as {@link #jsonBody} and {@link #decode} (or an
   * {@link OperationCheck}) made it, or a 4xx {@link MeshException} naming what is wrong with the request.
   */
  static Request toRequest(RoutingContext ctx, Object body, long deadline, String traceparent, String requestId) {
    MultiMap httpHeaders = ctx.request().headers();
    JsonObject headers = new JsonObject();
    for (CharSequence name : FORWARDED_HEADERS) {
      String value = httpHeaders.get(name);
      if (value != null) {
        headers.put(name.toString(), value);
      }
    }
    String idempotencyKey = httpHeaders.get(IDEMPOTENCY_KEY_HEADER);
    if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw MeshException.invalid(400, "Bad Request", "header Idempotency-Key must be 1 to "
        + MAX_IDEMPOTENCY_KEY_LENGTH + " characters", "Idempotency-Key");
    }
    return new Request(ctx.request().method().name(), ctx.normalizedPath(), new JsonObject(Map.copyOf(ctx.pathParams())),
      ctx.request().query() == null ? null : query(ctx.queryParams()), headers, body, deadline, traceparent, requestId,
      idempotencyKey);
  }

  /**
   * The request body, not yet parsed, once it is known to be JSON (else 415) nesting at most {@code maxJsonDepth}
   * levels (else 400); null when there is none.
   */
  static Buffer jsonBody(RoutingContext ctx, int maxJsonDepth) {
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    if (raw == null || raw.length() == 0) {
      return null;
    }
    String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (!isJson(contentType)) {
      throw MeshException.invalid(415, "Unsupported Media Type", "content type '" + contentType
        + "' is not accepted: send the body as application/json", "Content-Type");
    }
    if (JsonLimits.depth(raw) > maxJsonDepth) {
      throw MeshException.invalid(400, "Bad Request", "JSON body nests deeper than " + maxJsonDepth + " levels", "body");
    }
    return raw;
  }

  /** The JSON value of {@link #jsonBody}'s result (null for none), or a 400 naming the body when it is malformed. */
  static Object decode(Buffer raw) {
    if (raw == null) {
      return null;
    }
    try {
      return Json.decodeValue(raw);
    } catch (DecodeException e) {
      throw MeshException.invalid(400, "Bad Request", "malformed JSON body: " + firstLine(e.getMessage()), "body");
    }
  }

  private static JsonObject query(MultiMap params) {
    JsonObject query = new JsonObject();
    for (String name : params.names()) {
      List<String> values = params.getAll(name);
      query.put(name, values.size() == 1 ? values.get(0) : new JsonArray(List.copyOf(values)));
    }
    return query;
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || (mediaType.startsWith("application/") && mediaType.endsWith("+json"));
  }

  /** Writes {@code reply} as the response, unless the client has gone. */
  static void send(RoutingContext ctx, Reply reply) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(reply.status());
    reply.headers().forEach(h -> response.putHeader(h.getKey(), String.valueOf(h.getValue())));
    Buffer body = reply.status() == 204 || reply.status() == 304 ? null : reply.encodedBody();
    if (body == null) {
      response.end();
      return;
    }
    if (!response.headers().contains(HttpHeaders.CONTENT_TYPE)) {
      response.putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON);
    }
    response.end(body);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    String line = message.lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
