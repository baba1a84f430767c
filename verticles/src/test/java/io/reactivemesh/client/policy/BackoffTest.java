package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.LongSummaryStatistics;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

  private final Backoff backoff = Backoff.of(RetryConfig.DEFAULTS);

  @ParameterizedTest(name = "retry {0} waits at most {1} ms")
  @CsvSource({"1, 25", "2, 50", "3, 100", "4, 200", "5, 400", "6, 800", "7, 1000", "8, 1000"})
  void shouldDoubleTheCeilingEachRetryUpToTheCap(int retry, long ceiling) {
    RandomGenerator random = new SplittableRandom(retry);

    assertThat(backoff.ceilingMillis(retry)).isEqualTo(ceiling);
    for (int i = 0; i < 1_000; i++) {
      assertThat(backoff.delayMillis(retry, random)).isBetween(0L, ceiling);
    }
  }

  @Test
  void shouldStayAtTheCapForHugeRetryNumbers() {
    assertThat(backoff.ceilingMillis(63)).isEqualTo(1_000);
    assertThat(backoff.ceilingMillis(64)).isEqualTo(1_000);
    assertThat(backoff.ceilingMillis(Integer.MAX_VALUE)).isEqualTo(1_000);
    assertThat(new Backoff(1, Long.MAX_VALUE).ceilingMillis(Integer.MAX_VALUE)).isEqualTo(1L << 62);
  }

  @Test
  void shouldSpreadDelaysOverTheWholeRangeWithFullJitter() {
    RandomGenerator random = new SplittableRandom(42);
    Set<Long> seen = new HashSet<>();
    LongSummaryStatistics stats = new LongSummaryStatistics();

    for (int i = 0; i < 10_000; i++) {
      long delay = backoff.delayMillis(3, random);
      seen.add(delay);
      stats.accept(delay);
    }

    assertThat(stats.getMin()).isZero();
    assertThat(stats.getMax()).isEqualTo(100);
    assertThat(seen).hasSize(101);
    assertThat(stats.getAverage()).isCloseTo(50.0, within(2.0));
  }

  @Test
  void shouldRepeatTheSameDelaysForTheSameSeed() {
    RandomGenerator first = new SplittableRandom(7);
    RandomGenerator second = new SplittableRandom(7);

    for (int retry = 1; retry <= 5; retry++) {
      assertThat(backoff.delayMillis(retry, first)).isEqualTo(backoff.delayMillis(retry, second));
    }
  }

  @Test
  void shouldRejectRetryNumbersBelowOneAndBadSettings() {
    RandomGenerator random = new SplittableRandom(1);

    assertThatThrownBy(() -> backoff.delayMillis(0, random))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryNumber must be >= 1, got 0");
    assertThatThrownBy(() -> new Backoff(0, 10)).hasMessage("baseMillis must be > 0, got 0");
    assertThatThrownBy(() -> new Backoff(25, 10)).hasMessage("capMillis must be >= baseMillis (25), got 10");
  }
}
