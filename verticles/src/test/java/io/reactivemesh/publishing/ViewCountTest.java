package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import io.vertx.core.json.JsonArray;
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

    new ViewCount.Count("n1", "v1").process(entry);
    new ViewCount.Count("n1", "v2").process(entry);
    Long total = new ViewCount.Count("n2", "v3").process(entry);

    assertThat(total).isEqualTo(3);
    JsonObject stored = new JsonObject(entry.getValue().toString());
    assertThat(stored.getLong("n1")).isEqualTo(2);
    assertThat(stored.getLong("n2")).isEqualTo(1);
    assertThat(stored.getJsonArray(ViewCount.RECENT)).containsExactly("v1", "v2", "v3");
  }

  @Test
  void shouldCountAViewOnceWhenHazelcastRunsItsProcessorAgain() {
    Map.Entry<String, HazelcastJsonValue> entry = new AbstractMap.SimpleEntry<>("a1", null);
    ViewCount.Count view = new ViewCount.Count("n1", "v1");

    view.process(entry);
    new ViewCount.Count("n2", "v2").process(entry);
    Long again = view.process(entry);

    assertThat(again).isEqualTo(2);
    assertThat(ViewCount.total(ViewCount.slots(entry.getValue()))).isEqualTo(2);
  }

  @Test
  void shouldKeepOnlyTheLatestViewIds() {
    Map.Entry<String, HazelcastJsonValue> entry = new AbstractMap.SimpleEntry<>("a1", null);

    for (int i = 0; i < ViewCount.MAX_RECENT + 10; i++) {
      new ViewCount.Count("n1", "v" + i).process(entry);
    }

    JsonObject stored = ViewCount.slots(entry.getValue());
    assertThat(ViewCount.total(stored)).isEqualTo(ViewCount.MAX_RECENT + 10);
    assertThat(stored.getJsonArray(ViewCount.RECENT)).hasSize(ViewCount.MAX_RECENT)
      .startsWith("v10").endsWith("v" + (ViewCount.MAX_RECENT + 9));
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
  void shouldStillRecogniseEitherSidesLatestViewsAfterASplitHeals() {
    JsonObject cutOff = new JsonObject().put("n1", 1L).put(ViewCount.RECENT, new JsonArray().add("v1"));
    JsonObject majority = new JsonObject().put("n2", 1L).put(ViewCount.RECENT, new JsonArray().add("v2"));

    JsonObject merged = ViewCount.merge(cutOff, majority);

    assertThat(ViewCount.total(merged)).isEqualTo(2);
    assertThat(ViewCount.increment(merged, "n1", "v1")).isSameAs(merged);
    assertThat(ViewCount.increment(merged, "n2", "v2")).isSameAs(merged);
  }

  @Test
  void shouldReadNoCountAsZero() {
    assertThat(ViewCount.total(null)).isZero();
  }
}
