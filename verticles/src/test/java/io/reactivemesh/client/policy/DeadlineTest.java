package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DeadlineTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  void shouldEndTimeoutAfterNow() {
    Deadline deadline = Deadline.after(2_000, NOW);

    assertThat(deadline.epochMillis()).isEqualTo(NOW + 2_000);
    assertThat(deadline).isEqualTo(Deadline.at(NOW + 2_000));
  }

  @Test
  void shouldCountDownTheRemainingTime() {
    Deadline deadline = Deadline.at(NOW + 2_000);

    assertThat(deadline.remainingMillis(NOW)).isEqualTo(2_000);
    assertThat(deadline.remainingMillis(NOW + 1_500)).isEqualTo(500);
    assertThat(deadline.expired(NOW + 1_999)).isFalse();
  }

  @Test
  void shouldExpireAtTheInstantAndNeverGoNegative() {
    Deadline deadline = Deadline.at(NOW);

    assertThat(deadline.expired(NOW)).isTrue();
    assertThat(deadline.remainingMillis(NOW)).isZero();
    assertThat(deadline.remainingMillis(NOW + 60_000)).isZero();
  }

  @Test
  void shouldKeepTheEarlierOfTwoDeadlines() {
    Deadline caller = Deadline.at(NOW + 800);
    Deadline route = Deadline.after(2_000, NOW);

    assertThat(caller.earliest(route)).isSameAs(caller);
    assertThat(route.earliest(caller)).isSameAs(caller);
    assertThat(caller.earliest(Deadline.at(NOW + 800))).isSameAs(caller);
    assertThat(caller).isLessThan(route);
  }

  @Test
  void shouldSaturateInsteadOfOverflowing() {
    assertThat(Deadline.after(Long.MAX_VALUE, NOW).epochMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(Deadline.at(Long.MAX_VALUE).expired(NOW)).isFalse();
  }

  @Test
  void shouldRejectANegativeTimeout() {
    assertThatThrownBy(() -> Deadline.after(-1, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeoutMillis must be >= 0, got -1");
  }
}
