package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A view count as a grow-only counter (a state-based CRDT) stored as JSON: one slot per node that counted views, the
 * count their sum. Each node increments only its own slot, and two copies merge slot by slot keeping the larger, so
 * when a split heals the views either side acknowledged are all kept (a single number would keep one side's). The ids
 * of the latest views counted ride along ({@link #RECENT}), so that a view Hazelcast runs twice is counted once.
 */
final class ViewCount {

  /**
   * Key of the ids of the latest {@link #MAX_RECENT} views counted, oldest first; slots are member UUIDs, never this.
   * Hazelcast runs an entry processor again when the key's owner dies after the backup took the change but before the
   * caller got the answer (the kill drill saw a view counted twice so).
   */
  static final String RECENT = "recent";
  /** A view run again after this many later views of the same article is not recognised; a retry comes within ms. */
  static final int MAX_RECENT = 64;

  private ViewCount() {
  }

  /** {@code slots} with view {@code viewId} counted in {@code node}'s slot; {@code slots} itself if it already was. */
  static JsonObject increment(JsonObject slots, String node, String viewId) {
    JsonArray recent = slots == null ? null : slots.getJsonArray(RECENT);
    if (recent != null && recent.contains(viewId)) {
      return slots;
    }
    JsonObject next = slots == null ? new JsonObject() : slots.copy();
    return next.put(node, next.getLong(node, 0L) + 1).put(RECENT, latest(recent, new JsonArray().add(viewId)));
  }

  /** The count: the sum of the slots; 0 for none. */
  static long total(JsonObject slots) {
    if (slots == null) {
      return 0;
    }
    return slots.stream().filter(e -> !RECENT.equals(e.getKey()))
      .mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
  }

  /** Two copies of one count merged: every slot of either, at the larger of its two values, and both's latest views. */
  static JsonObject merge(JsonObject a, JsonObject b) {
    JsonObject merged = a.copy();
    b.forEach(e -> {
      if (!RECENT.equals(e.getKey())) {
        merged.put(e.getKey(), Math.max(merged.getLong(e.getKey(), 0L), ((Number) e.getValue()).longValue()));
      }
    });
    return merged.put(RECENT, latest(a.getJsonArray(RECENT), b.getJsonArray(RECENT)));
  }

  /** The ids of {@code older} then those of {@code newer} not in it, the last {@link #MAX_RECENT} of them. */
  private static JsonArray latest(JsonArray older, JsonArray newer) {
    List<Object> ids = new ArrayList<>(older == null ? List.of() : older.getList());
    if (newer != null) {
      newer.forEach(id -> {
        if (!ids.contains(id)) {
          ids.add(id);
        }
      });
    }
    return new JsonArray(new ArrayList<>(ids.subList(Math.max(0, ids.size() - MAX_RECENT), ids.size())));
  }

  static JsonObject slots(Object stored) {
    return stored == null ? null : new JsonObject(stored.toString());
  }

  /** Counts view {@code viewId} in the calling node's slot, on the key's partition, once; answers the count. */
  static final class Count implements EntryProcessor<String, HazelcastJsonValue, Long> {

    private final String node;
    private final String viewId;

    Count(String node, String viewId) {
      this.node = node;
      this.viewId = viewId;
    }

    @Override
    public Long process(Map.Entry<String, HazelcastJsonValue> entry) {
      JsonObject stored = slots(entry.getValue());
      JsonObject next = increment(stored, node, viewId);
      if (next != stored) {
        entry.setValue(new HazelcastJsonValue(next.encode()));
      }
      return total(next);
    }
  }
}
