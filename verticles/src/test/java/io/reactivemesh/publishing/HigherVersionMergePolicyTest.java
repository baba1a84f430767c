package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.spi.merge.MergingValue;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The articles' merge after a split heals: the higher version wins, whichever side it comes from. */
class HigherVersionMergePolicyTest {

  /** A merging entry as Hazelcast hands it over: here the raw and the deserialized value are the same object. */
  private record Copy(HazelcastJsonValue value) implements MergingValue<Object> {

    static Copy atVersion(long version) {
      return new Copy(new HazelcastJsonValue(new JsonObject().put("id", "a1").put("version", version).encode()));
    }

    @Override
    public Object getValue() {
      return value;
    }

    @Override
    public Object getRawValue() {
      return value;
    }
  }

  private final HigherVersionMergePolicy policy = new HigherVersionMergePolicy();

  @Test
  void shouldKeepTheMergingCopyWhenItsVersionIsHigher() {
    Copy merging = Copy.atVersion(7);
    assertThat(policy.merge(merging, Copy.atVersion(6))).isSameAs(merging.value());
  }

  @Test
  void shouldKeepTheExistingCopyWhenItsVersionIsHigherOrEqual() {
    Copy existing = Copy.atVersion(7);
    assertThat(policy.merge(Copy.atVersion(6), existing)).isSameAs(existing.value());
    Copy tie = Copy.atVersion(6);
    assertThat(policy.merge(Copy.atVersion(6), tie)).isSameAs(tie.value());
  }

  @Test
  void shouldTakeTheMergingCopyOfAKeyTheOtherSideNeverHad() {
    Copy merging = Copy.atVersion(1);
    assertThat(policy.merge(merging, null)).isSameAs(merging.value());
  }
}
