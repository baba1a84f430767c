package io.reactivemesh.publishing;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/** Base of the publishing maps' merge policies: they hold no state, so they serialize as nothing. */
abstract class StatelessMergePolicy implements SplitBrainMergePolicy<Object, MergingValue<Object>, Object> {

  @Override
  public final void writeData(ObjectDataOutput out) {
    // no state: every member makes the same policy from its config
  }

  @Override
  public final void readData(ObjectDataInput in) {
    // no state
  }
}
