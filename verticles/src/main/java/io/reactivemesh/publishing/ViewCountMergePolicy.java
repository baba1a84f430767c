package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * How the view counts merge when a split cluster heals: slot by slot, the larger value ({@link ViewCount#merge}). The
 * partition drill saw Hazelcast's default, put-if-absent, drop a view that the cut-off node acknowledged in the
 * seconds before it noticed the cut.
 */
public final class ViewCountMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null || existing.getValue() == null) {
      return merging.getRawValue();
    }
    return new HazelcastJsonValue(ViewCount.merge(ViewCount.slots(existing.getValue()),
      ViewCount.slots(merging.getValue())).encode());
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // no state: every member makes the same policy from its config
  }

  @Override
  public void readData(ObjectDataInput in) {
    // no state
  }
}
