package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetryBudgetTest {

  private static final long T0 = 1_700_000_000_000L;

  @Test
  void shouldAllowTheTenPerSecondFloorWithNoRequests() {
    RetryBudget budget = RetryBudget.of(RetryConfig.DEFAULTS);

    assertThat(budget.retriesAllowedNow(T0)).isEqualTo(100);
    assertThat(retries(budget, 100, T0)).isEqualTo(100);
    assertThat(budget.tryRetry(T0)).isFalse();
  }

  @Test
  void shouldAllowTwentyPercentOfRequestsAndRefuseBeyond() {
    RetryBudget budget = new RetryBudget(0.2, 0, 10_000);
    requests(budget, 100, T0);

    assertThat(retries(budget, 25, T0)).isEqualTo(20);
    assertThat(budget.retriesAllowedNow(T0)).isZero();
  }

  @Test
  void shouldAddTheRatioOnTopOfTheFloor() {
    RetryBudget budget = RetryBudget.of(RetryConfig.DEFAULTS);
    requests(budget, 100, T0);

    assertThat(budget.retriesAllowedNow(T0)).isEqualTo(120);
  }

  @Test
  void shouldWithdrawNothingForARefusedRetry() {
    RetryBudget budget = new RetryBudget(0.2, 0, 10_000);
    requests(budget, 10, T0);
    retries(budget, 5, T0);

    assertThat(budget.retriesInWindow(T0)).isEqualTo(2);
    requests(budget, 5, T0);
    assertThat(budget.tryRetry(T0)).isTrue();
  }

  @Test
  void shouldNotLoseAFractionToBinaryRounding() {
    RetryBudget budget = new RetryBudget(0.29, 0, 10_000);
    requests(budget, 100, T0);

    assertThat(budget.retriesAllowedNow(T0)).isEqualTo(29);
  }

  @Test
  void shouldRecoverAsTheWindowSlides() {
    RetryBudget budget = RetryBudget.of(RetryConfig.DEFAULTS);
    for (int second = 0; second < 10; second++) {
      assertThat(retries(budget, 10, T0 + second * 1_000L)).isEqualTo(10);
    }
    assertThat(budget.retriesAllowedNow(T0 + 9_999)).isZero();

    assertThat(budget.retriesAllowedNow(T0 + 10_000)).isEqualTo(10);
    assertThat(budget.retriesAllowedNow(T0 + 15_000)).isEqualTo(60);
    assertThat(budget.retriesAllowedNow(T0 + 20_000)).isEqualTo(100);
  }

  @Test
  void shouldStopCountingRequestsThatLeftTheWindow() {
    RetryBudget budget = new RetryBudget(0.2, 0, 10_000);
    requests(budget, 100, T0);

    assertThat(budget.requestsInWindow(T0 + 9_999)).isEqualTo(100);
    assertThat(budget.requestsInWindow(T0 + 10_000)).isZero();
    assertThat(budget.tryRetry(T0 + 10_000)).isFalse();
  }

  @Test
  void shouldRejectBadSettings() {
    assertThatThrownBy(() -> new RetryBudget(1.5, 10, 10_000)).hasMessage("ratio must be in [0,1], got 1.5");
    assertThatThrownBy(() -> new RetryBudget(0.2, -1, 10_000)).hasMessage("minPerSecond must be >= 0, got -1");
    assertThatThrownBy(() -> new RetryBudget(0.2, 10, 0)).hasMessage("windowMillis must be > 0, got 0");
  }

  private static void requests(RetryBudget budget, int count, long nowMillis) {
    for (int i = 0; i < count; i++) {
      budget.onRequest(nowMillis);
    }
  }

  private static int retries(RetryBudget budget, int attempts, long nowMillis) {
    int granted = 0;
    for (int i = 0; i < attempts; i++) {
      if (budget.tryRetry(nowMillis)) {
        granted++;
      }
    }
    return granted;
  }
}
