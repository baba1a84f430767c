package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BreakerWindowTest {

  private static final long T0 = 1_700_000_000_000L;

  private final BreakerWindow window = new BreakerWindow(BreakerConfig.DEFAULTS);

  @Test
  void shouldStayClosedWithNoCalls() {
    assertThat(window.shouldOpen(T0)).isFalse();
  }

  @Test
  void shouldOpenAfterFiveConsecutiveFailures() {
    failures(4, T0);
    assertThat(window.shouldOpen(T0)).isFalse();

    window.recordFailure(T0 + 1);
    assertThat(window.shouldOpen(T0 + 1)).isTrue();
    assertThat(window.consecutiveFailures(T0 + 1)).isEqualTo(5);
  }

  @Test
  void shouldStartTheStreakOverAfterASuccess() {
    failures(4, T0);
    window.recordSuccess(T0);
    failures(4, T0);

    assertThat(window.shouldOpen(T0)).isFalse();
  }

  @Test
  void shouldOpenWhenMoreThanHalfOfTwentyCallsFail() {
    // Failures never four in a row, so only the rate rule can open: 11 failures, 9 successes.
    for (int i = 0; i < 9; i++) {
      window.recordFailure(T0 + i * 100);
      window.recordSuccess(T0 + i * 100);
    }
    window.recordFailure(T0 + 1_000);
    assertThat(window.shouldOpen(T0 + 1_000)).isFalse();

    window.recordFailure(T0 + 1_100);
    assertThat(window.callsInWindow(T0 + 1_100)).isEqualTo(20);
    assertThat(window.failuresInWindow(T0 + 1_100)).isEqualTo(11);
    assertThat(window.shouldOpen(T0 + 1_100)).isTrue();
  }

  @Test
  void shouldNotOpenAtExactlyTheThreshold() {
    for (int i = 0; i < 10; i++) {
      window.recordFailure(T0);
      window.recordSuccess(T0);
    }

    assertThat(window.shouldOpen(T0)).isFalse();
  }

  @Test
  void shouldNotOpenOnAHighRateUnderTheMinimumCalls() {
    // 19 calls, 16 of them failures, but never five in a row.
    for (int i = 0; i < 19; i++) {
      if (i % 5 == 4) {
        window.recordSuccess(T0);
      } else {
        window.recordFailure(T0);
      }
    }

    assertThat(window.failuresInWindow(T0)).isEqualTo(16);
    assertThat(window.shouldOpen(T0)).isFalse();
  }

  @Test
  void shouldForgetFailuresOlderThanTheWindow() {
    mostlyFailures(19, T0);

    window.recordFailure(T0 + 10_000);

    assertThat(window.callsInWindow(T0 + 10_000)).isEqualTo(1);
    assertThat(window.shouldOpen(T0 + 10_000)).isFalse();
  }

  @Test
  void shouldStillCountFailuresInsideTheWindow() {
    mostlyFailures(19, T0);

    window.recordFailure(T0 + 9_000);

    assertThat(window.callsInWindow(T0 + 9_000)).isEqualTo(20);
    assertThat(window.shouldOpen(T0 + 9_000)).isTrue();
  }

  @Test
  void shouldForgetAFailureStreakOlderThanTheWindow() {
    failures(4, T0);
    window.recordFailure(T0 + 10_000);

    assertThat(window.consecutiveFailures(T0 + 10_000)).isEqualTo(1);
    assertThat(window.shouldOpen(T0 + 10_000)).isFalse();
  }

  @Test
  void shouldCloseTheWindowAfterTheStreakExpiresEvenWithoutNewCalls() {
    failures(5, T0);
    assertThat(window.shouldOpen(T0 + 9_999)).isTrue();

    assertThat(window.shouldOpen(T0 + 10_000)).isFalse();
  }

  @Test
  void shouldForgetEverythingOnReset() {
    failures(5, T0);

    window.reset();

    assertThat(window.shouldOpen(T0)).isFalse();
    assertThat(window.callsInWindow(T0)).isZero();
    assertThat(window.consecutiveFailures(T0)).isZero();
  }

  @Test
  void shouldFollowItsConfig() {
    BreakerWindow strict = new BreakerWindow(new BreakerConfig(2, 0.1, 5, 1_000, 1_000));
    strict.recordFailure(T0);
    strict.recordSuccess(T0);
    strict.recordSuccess(T0);
    strict.recordSuccess(T0);
    assertThat(strict.shouldOpen(T0)).isFalse();

    strict.recordSuccess(T0);
    assertThat(strict.shouldOpen(T0)).isTrue();
    assertThat(strict.shouldOpen(T0 + 1_000)).isFalse();
  }

  private void failures(int count, long nowMillis) {
    for (int i = 0; i < count; i++) {
      window.recordFailure(nowMillis);
    }
  }

  /** Every fourth call succeeds, so no streak reaches five and only the rate can open the breaker. */
  private void mostlyFailures(int count, long nowMillis) {
    for (int i = 0; i < count; i++) {
      if (i % 4 == 3) {
        window.recordSuccess(nowMillis);
      } else {
        window.recordFailure(nowMillis);
      }
    }
  }
}
