package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.spi.merge.MergingValue;

/** A stored JSON value as Hazelcast hands it to a merge policy; here its raw and deserialized forms are one object. */
record MergingCopy(HazelcastJsonValue value) implements MergingValue<Object> {

  @Override
  public Object getValue() {
    return value;
  }

  @Override
  public Object getRawValue() {
    return value;
  }
}
