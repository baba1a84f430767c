package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A view count as a grow-only counter (a state-based CRDT) stored as JSON: one slot per node that counted views, the
 * count their sum. Each node increments only its own slot, and two copies merge slot by slot keeping the larger, so
 * when a split heals the views either side acknowledged are all kept (a single number would keep one side's).
 */
final class ViewCount {

  private ViewCount() {
  }

  /** {@code slots} with one more view in {@code node}'s slot. */
  static JsonObject increment(JsonObject slots, String node) {
    JsonObject next = slots == null ? new JsonObject() : slots.copy();
    return next.put(node, next.getLong(node, 0L) + 1);
  }

  /** The count: the sum of the slots; 0 for none. */
  static long total(JsonObject slots) {
    if (slots == null) {
      return 0;
    }
    return slots.stream().mapToLong(e -> ((Number) e.getValue()).longValue()).sum();
  }

  /** Two copies of one count merged: every slot of either, at the larger of its two values. */
  static JsonObject merge(JsonObject a, JsonObject b) {
    JsonObject merged = a.copy();
    b.forEach(e -> merged.put(e.getKey(), Math.max(merged.getLong(e.getKey(), 0L), ((Number) e.getValue()).longValue())));
    return merged;
  }

  static JsonObject slots(Object stored) {
    return stored == null ? null : new JsonObject(stored.toString());
  }

  /** Counts one view in the calling node's slot, on the key's partition; answers the new count. */
  static final class Count implements EntryProcessor<String, HazelcastJsonValue, Long> {

    private final String node;

    Count(String node) {
      this.node = node;
    }

    @Override
    public Long process(Map.Entry<String, HazelcastJsonValue> entry) {
      JsonObject next = increment(slots(entry.getValue()), node);
      entry.setValue(new HazelcastJsonValue(next.encode()));
      return total(next);
    }
  }
}
