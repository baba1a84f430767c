package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.spi.merge.MergingValue;
import io.vertx.core.json.JsonObject;

/**
 * How the articles map merges when a split cluster heals: per article, the copy with the higher {@code version} wins
 * (the existing copy on a tie). Hazelcast's default, put-if-absent, keeps the surviving side's copy of every key that
 * both sides hold, and the fault drills saw it drop acknowledged changes: an update acknowledged while the split was
 * being detected read as the version before it once the cluster was whole. Versions only grow, so the higher one is
 * the later write.
 */
public final class HigherVersionMergePolicy extends StatelessMergePolicy {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    return version(merging.getValue()) > version(existing.getValue()) ? merging.getRawValue() : existing.getRawValue();
  }

  /** The {@code version} of a stored article (JSON), 0 when there is none. */
  static long version(Object value) {
    if (value instanceof HazelcastJsonValue json) {
      return Article.version(new JsonObject(json.toString()));
    }
    return value == null ? 0 : Article.version(new JsonObject(value.toString()));
  }
}
