package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InstanceLoadTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long T0 = 1_000_000_000L;

  private final InstanceLoad load = new InstanceLoad();

  @Test
  void shouldCountCallsInFlight() {
    load.onStart();
    load.onStart();
    load.onEnd(MS, T0);

    assertThat(load.inFlight()).isEqualTo(1);
  }

  @Test
  void shouldCostLatencyTimesCallsInFlightPlusOne() {
    load.onStart();
    load.onEnd(4 * MS, T0);
    load.onStart();
    load.onStart();

    assertThat(load.latencyNanos(T0)).isEqualTo(4 * MS);
    assertThat(load.cost(T0)).isEqualTo(3 * 4 * MS);
  }

  @Test
  void shouldCostNothingUnmeasuredAndIdleButMoreThanAnyMeasuredInstanceWhileItsFirstCallRuns() {
    assertThat(load.cost(T0)).isZero();
    load.onStart();

    InstanceLoad slowAndBusy = new InstanceLoad();
    for (int i = 0; i < 100; i++) {
      slowAndBusy.onStart();
    }
    slowAndBusy.onEnd(10_000 * MS, T0);
    assertThat(load.cost(T0)).isGreaterThan(slowAndBusy.cost(T0));
  }

  @Test
  void shouldBeTriedAgainAtOnceAfterForgettingItsLatency() {
    load.onStart();
    load.onEnd(500 * MS, T0);
    load.forgetLatency();

    assertThat(load.cost(T0)).isZero();
  }

  @Test
  void shouldRejectAnEndWithoutAStart() {
    assertThatThrownBy(() -> load.onEnd(MS, T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("onEnd without a matching onStart");
    assertThat(load.inFlight()).isZero();
  }
}
