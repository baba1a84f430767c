package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * Entry processors shared by the publishing maps (IMap has no asynchronous putIfAbsent, and a checkpoint must never
 * move back): both run atomically on the key's partition.
 */
final class CommonProcessors {

  private CommonProcessors() {
  }

  /** Stores the value when the key is free; answers the value already there (JSON), or null when it stored its own. */
  static final class PutIfAbsent implements EntryProcessor<String, HazelcastJsonValue, String> {

    private final String json;

    PutIfAbsent(String json) {
      this.json = json;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      HazelcastJsonValue existing = entry.getValue();
      if (existing != null) {
        return existing.toString();
      }
      entry.setValue(new HazelcastJsonValue(json));
      return null;
    }
  }

  /** Raises a sequence to {@code value} unless it is already higher; answers the stored sequence. */
  static final class RaiseTo implements EntryProcessor<String, Long, Long> {

    private final long value;

    RaiseTo(long value) {
      this.value = value;
    }

    @Override
    public Long process(Map.Entry<String, Long> entry) {
      Long current = entry.getValue();
      if (current != null && current >= value) {
        return current;
      }
      entry.setValue(value);
      return value;
    }
  }

  /** Merges fields into the value, or stores them as the value when there is none; answers the result (JSON). */
  static final class Upsert implements EntryProcessor<String, HazelcastJsonValue, String> {

    private final String fields;

    Upsert(String fields) {
      this.fields = fields;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      HazelcastJsonValue existing = entry.getValue();
      JsonObject merged = existing == null ? new JsonObject(fields)
        : new JsonObject(existing.toString()).mergeIn(new JsonObject(fields));
      entry.setValue(new HazelcastJsonValue(merged.encode()));
      return merged.encode();
    }
  }
}
