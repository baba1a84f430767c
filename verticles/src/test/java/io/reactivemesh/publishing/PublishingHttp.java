package io.reactivemesh.publishing;

import io.reactivemesh.node.MeshNode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.util.UUID;

/** A client of the publishing API on the gateways of in-JVM nodes: one call a method, each answering the raw response. */
final class PublishingHttp {

  static final String JSON = "application/json";
  static final String PROBLEM_JSON = "application/problem+json";

  private final WebClient web;

  PublishingHttp(WebClient web) {
    this.web = web;
  }

  /** An author no other test uses, so each test sees only its own articles. */
  static String newAuthor() {
    return "a" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  static JsonObject article(String author, String title, String... tags) {
    return new JsonObject().put("title", title).put("body", "Body of " + title).put("author", author)
      .put("tags", new JsonArray(java.util.List.of((Object[]) tags)));
  }

  HttpRequest<Buffer> request(MeshNode node, HttpMethod method, String path) {
    return web.request(method, node.runtime().httpPort(), "127.0.0.1", path);
  }

  Future<HttpResponse<Buffer>> create(MeshNode node, JsonObject article) {
    return request(node, HttpMethod.POST, "/api/articles").sendJsonObject(article);
  }

  Future<HttpResponse<Buffer>> create(MeshNode node, JsonObject article, String idempotencyKey) {
    return request(node, HttpMethod.POST, "/api/articles").putHeader("Idempotency-Key", idempotencyKey)
      .sendJsonObject(article);
  }

  /** Creates the article and answers its id. */
  Future<String> created(MeshNode node, JsonObject article) {
    return create(node, article).map(r -> {
      if (r.statusCode() != 201) {
        throw new IllegalStateException("create answered " + r.statusCode() + ": " + r.bodyAsString());
      }
      return r.bodyAsJsonObject().getString("id");
    });
  }

  Future<HttpResponse<Buffer>> get(MeshNode node, String path) {
    return request(node, HttpMethod.GET, path).send();
  }

  Future<HttpResponse<Buffer>> put(MeshNode node, String id, JsonObject article, String ifMatch) {
    HttpRequest<Buffer> put = request(node, HttpMethod.PUT, "/api/articles/" + id);
    if (ifMatch != null) {
      put.putHeader("If-Match", ifMatch);
    }
    return put.sendJsonObject(article);
  }

  Future<HttpResponse<Buffer>> post(MeshNode node, String path) {
    return request(node, HttpMethod.POST, path).send();
  }

  Future<HttpResponse<Buffer>> delete(MeshNode node, String path) {
    return request(node, HttpMethod.DELETE, path).send();
  }

  /** POSTs raw bytes with a content type, for the bad-input cases. */
  Future<HttpResponse<Buffer>> postRaw(MeshNode node, String path, String contentType, String body) {
    return request(node, HttpMethod.POST, path).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(body));
  }
}
