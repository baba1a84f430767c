package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** View counts as a grow-only counter: each node counts in its own slot, and the two sides of a split merge losing none. */
class ViewCountTest {

  @Test
  void shouldCountEachViewInTheCallingNodesSlot() {
    Map.Entry<String, HazelcastJsonValue> entry = new AbstractMap.SimpleEntry<>("a1", null);

    new ViewCount.Count("n1").process(entry);
    new ViewCount.Count("n1").process(entry);
    Long total = new ViewCount.Count("n2").process(entry);

    assertThat(total).isEqualTo(3);
    assertThat(new JsonObject(entry.getValue().toString())).isEqualTo(new JsonObject().put("n1", 2L).put("n2", 1L));
  }

  @Test
  void shouldKeepTheViewsOfBothSidesWhenASplitHeals() {
    // before the split n1 counted 2 and n2 1; then n1 (cut off) counted 1 more and n2 (the majority) 3 more
    JsonObject cutOff = new JsonObject().put("n1", 3L).put("n2", 1L);
    JsonObject majority = new JsonObject().put("n1", 2L).put("n2", 4L);

    Object merged = new ViewCountMergePolicy().merge(new MergingCopy(new HazelcastJsonValue(cutOff.encode())),
      new MergingCopy(new HazelcastJsonValue(majority.encode())));

    assertThat(ViewCount.total(new JsonObject(merged.toString()))).isEqualTo(7);
  }

  @Test
  void shouldReadNoCountAsZero() {
    assertThat(ViewCount.total(null)).isZero();
  }
}
