package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.spi.merge.MergingValue;

/**
 * How the view counts merge when a split cluster heals: slot by slot, the larger value ({@link ViewCount#merge}). The
 * partition drill saw Hazelcast's default, put-if-absent, drop a view that the cut-off node acknowledged in the
 * seconds before it noticed the cut.
 */
public final class ViewCountMergePolicy extends StatelessMergePolicy {

  @Override
  public Object merge(MergingValue<Object> merging, MergingValue<Object> existing) {
    if (existing == null || existing.getValue() == null) {
      return merging.getRawValue();
    }
    return new HazelcastJsonValue(ViewCount.merge(ViewCount.slots(existing.getValue()),
      ViewCount.slots(merging.getValue())).encode());
  }
}
