package io.reactivemesh.publishing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTest {

  @Test
  void shouldMakeIdsThatSortInCreationOrderEvenWithinOneMillisecond() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(Ids.next(1_700_000_000_000L));
    }
    ids.add(Ids.next(1_700_000_000_001L));

    assertThat(ids).isSorted().doesNotHaveDuplicates();
    assertThat(ids).allSatisfy(id -> assertThat(Ids.looksValid(id)).isTrue());
  }

  @Test
  void shouldNeverGoBackWhenTheClockDoes() {
    String later = Ids.next(1_800_000_000_000L);

    assertThat(Ids.next(1_600_000_000_000L)).isGreaterThan(later);
  }
}
