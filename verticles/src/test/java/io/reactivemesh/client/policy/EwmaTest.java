package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EwmaTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long T0 = 123_456_789L;

  private final Ewma ewma = new Ewma(10 * SECOND);

  @Test
  void shouldBeUnmeasuredUntilTheFirstObservation() {
    assertThat(ewma.measured()).isFalse();
    assertThat(ewma.value(T0 + 1000 * SECOND)).isZero();
  }

  @Test
  void shouldTakeTheFirstObservationAsItIs() {
    ewma.observe(200_000, T0);

    assertThat(ewma.measured()).isTrue();
    assertThat(ewma.value(T0)).isEqualTo(200_000);
  }

  @Test
  void shouldStartAfreshAfterForgetting() {
    ewma.observe(500 * MS, T0);
    ewma.forget();

    assertThat(ewma.measured()).isFalse();
    assertThat(ewma.value(T0)).isZero();
    ewma.observe(MS, T0 + SECOND);
    assertThat(ewma.value(T0 + SECOND)).isEqualTo(MS);
  }

  @Test
  void shouldJumpToAnObservationAboveTheCurrentValue() {
    ewma.observe(2 * MS, T0);
    ewma.observe(80 * MS, T0 + MS);

    assertThat(ewma.value(T0 + MS)).isEqualTo(80 * MS);
  }

  @Test
  void shouldDecayByOneOverEPerTimeConstantWithoutObservations() {
    ewma.observe(100 * MS, T0);

    assertThat(ewma.value(T0 + 10 * SECOND)).isCloseTo(100 * MS / Math.E, within(1.0));
    assertThat(ewma.value(T0 + 20 * SECOND)).isCloseTo(100 * MS / (Math.E * Math.E), within(1.0));
  }

  @Test
  void shouldMoveOnlyPartwayTowardALowerObservation() {
    ewma.observe(100 * MS, T0);
    ewma.observe(10 * MS, T0 + SECOND);

    double weight = Math.exp(-0.1);
    double current = 100 * MS * weight;
    assertThat(ewma.value(T0 + SECOND))
        .isCloseTo(current * weight + 10 * MS * (1 - weight), within(1.0))
        .isBetween(10.0 * MS, current);
  }

  @Test
  void shouldForgetTheOldEstimateAfterALongSilence() {
    ewma.observe(500 * MS, T0);
    ewma.observe(5 * MS, T0 + 1000 * SECOND);

    assertThat(ewma.value(T0 + 1000 * SECOND)).isCloseTo(5.0 * MS, within(1.0));
  }

  @Test
  void shouldTreatAnOlderClockReadingAsNoTimePassed() {
    ewma.observe(100 * MS, T0 + SECOND);

    assertThat(ewma.value(T0)).isEqualTo(100 * MS);
    ewma.observe(10 * MS, T0);
    assertThat(ewma.value(T0 + SECOND)).isEqualTo(100 * MS);
  }

  @Test
  void shouldWorkAcrossANanoTimeWrap() {
    ewma.observe(100 * MS, Long.MAX_VALUE - SECOND);

    assertThat(ewma.value(Long.MAX_VALUE + 9 * SECOND)).isCloseTo(100 * MS / Math.E, within(1.0));
  }

  @Test
  void shouldRejectNegativeLatencyAndBadSettings() {
    assertThatThrownBy(() -> ewma.observe(-1, T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("latencyNanos must be >= 0, got -1");
    assertThatThrownBy(() -> new Ewma(0)).hasMessage("decayNanos must be > 0, got 0");
  }
}
