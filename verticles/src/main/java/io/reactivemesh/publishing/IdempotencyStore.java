package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Remembers what an {@code Idempotency-Key} stands for, in a map whose entries expire (TTL in cluster-config): the id
 * of the resource its first request creates, chosen before anything is written, and that request's reply once it is
 * known. A retry gets the first reply, or finishes the first request's work under the same id when it never answered;
 * the same key with a different request is a 422.
 */
final class IdempotencyStore {

  /** What a key stands for: whether this request is its first, the resource id, and the first reply when known. */
  record Claim(boolean first, String resourceId, Reply reply) {
  }

  private final ClusterProxy<IMap<String, HazelcastJsonValue>> map;
  private final Context context;

  IdempotencyStore(Vertx vertx, Context context, HazelcastInstance hazelcast, String mapName) {
    this.map = ClusterProxy.map(vertx, hazelcast, mapName);
    this.context = context;
  }

  Future<Void> warmUp() {
    return map.warmUp();
  }

  /** Claims {@code key} for a request with this fingerprint, proposing {@code resourceId} if the key is new. */
  Future<Claim> claim(String key, String fingerprint, String resourceId) {
    JsonObject record = new JsonObject().put("resourceId", resourceId).put("fingerprint", fingerprint);
    return map.get().compose(m -> ClusterCalls.await(m.submitToKey(key, new CommonProcessors.PutIfAbsent(record.encode())),
        context))
      .compose(existing -> {
        if (existing == null) {
          return Future.succeededFuture(new Claim(true, resourceId, null));
        }
        JsonObject stored = new JsonObject(existing);
        if (!fingerprint.equals(stored.getString("fingerprint"))) {
          return Future.failedFuture(MeshException.invalid(422, "Unprocessable Content", "Idempotency-Key " + key
            + " was used before with a different request", "Idempotency-Key"));
        }
        JsonObject reply = stored.getJsonObject("reply");
        return Future.succeededFuture(new Claim(false, stored.getString("resourceId"),
          reply == null ? null : Reply.fromJson(reply)));
      });
  }

  /** Records the reply of the key's request, for the retries to come. */
  Future<Void> remember(String key, String fingerprint, String resourceId, Reply reply) {
    JsonObject record = new JsonObject().put("resourceId", resourceId).put("fingerprint", fingerprint)
      .put("reply", reply.toJson());
    return map.get().compose(m -> ClusterCalls.await(m.setAsync(key, new HazelcastJsonValue(record.encode())), context));
  }

  /** A digest of what makes two requests the same request: its target and its body. */
  static String fingerprint(String target, Object body) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(target.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(Json.encode(body).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
