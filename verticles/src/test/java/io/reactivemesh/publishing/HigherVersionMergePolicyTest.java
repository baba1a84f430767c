package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The articles' merge after a split heals: the higher version wins, whichever side it comes from. */
class HigherVersionMergePolicyTest {

  private static MergingCopy atVersion(long version) {
    return new MergingCopy(new HazelcastJsonValue(new JsonObject().put("id", "a1").put("version", version).encode()));
  }

  private final HigherVersionMergePolicy policy = new HigherVersionMergePolicy();

  @Test
  void shouldKeepTheMergingCopyWhenItsVersionIsHigher() {
    MergingCopy merging = atVersion(7);
    assertThat(policy.merge(merging, atVersion(6))).isSameAs(merging.value());
  }

  @Test
  void shouldKeepTheExistingCopyWhenItsVersionIsHigherOrEqual() {
    MergingCopy existing = atVersion(7);
    assertThat(policy.merge(atVersion(6), existing)).isSameAs(existing.value());
    MergingCopy tie = atVersion(6);
    assertThat(policy.merge(atVersion(6), tie)).isSameAs(tie.value());
  }

  @Test
  void shouldTakeTheMergingCopyOfAKeyTheOtherSideNeverHad() {
    MergingCopy merging = atVersion(1);
    assertThat(policy.merge(merging, null)).isSameAs(merging.value());
  }
}
