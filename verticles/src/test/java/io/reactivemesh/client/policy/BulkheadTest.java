package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BulkheadTest {

  @Test
  void shouldDefaultTo512() {
    assertThat(new Bulkhead().limit()).isEqualTo(512).isEqualTo(Bulkhead.DEFAULT_LIMIT);
  }

  @Test
  void shouldRefuseCallsBeyondTheLimitWithoutQueueing() {
    Bulkhead bulkhead = new Bulkhead(3);

    assertThat(bulkhead.tryAcquire()).isTrue();
    assertThat(bulkhead.tryAcquire()).isTrue();
    assertThat(bulkhead.tryAcquire()).isTrue();
    assertThat(bulkhead.tryAcquire()).isFalse();
    assertThat(bulkhead.inFlight()).isEqualTo(3);
  }

  @Test
  void shouldAdmitAgainAfterARelease() {
    Bulkhead bulkhead = new Bulkhead(1);
    bulkhead.tryAcquire();

    bulkhead.release();

    assertThat(bulkhead.inFlight()).isZero();
    assertThat(bulkhead.tryAcquire()).isTrue();
  }

  @Test
  void shouldRejectAReleaseWithoutAnAcquire() {
    Bulkhead bulkhead = new Bulkhead(1);

    assertThatThrownBy(bulkhead::release)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("release without a matching tryAcquire");
    assertThat(bulkhead.inFlight()).isZero();
  }

  @Test
  void shouldRejectALimitBelowOne() {
    assertThatThrownBy(() -> new Bulkhead(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 1, got 0");
  }
}
