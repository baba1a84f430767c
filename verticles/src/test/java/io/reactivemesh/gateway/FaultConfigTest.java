package io.reactivemesh.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.json.JsonObject;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FaultConfigTest {

  /** Fails the test if the fault draws a number where the outcome is already certain. */
  private static final RandomGenerator NO_DRAW = () -> {
    throw new AssertionError("no random number should be drawn");
  };

  @Test
  void shouldBeOffByDefault() {
    assertThat(FaultConfig.NONE).isEqualTo(new FaultConfig(0, 0, 503, 0));
    assertThat(FaultConfig.NONE.active()).isFalse();
    assertThat(FaultConfig.NONE.decide(NO_DRAW)).isEqualTo(new FaultConfig.Decision(0, 0));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      -1    | 0   | 503 | 0   | fault.delayMillis must be between 0 and 60000, got -1
      60001 | 0   | 503 | 0   | fault.delayMillis must be between 0 and 60000, got 60001
      0     | -1  | 503 | 0   | fault.delayPercent must be between 0 and 100, got -1.0
      0     | 101 | 503 | 0   | fault.delayPercent must be between 0 and 100, got 101.0
      0     | NaN | 503 | 0   | fault.delayPercent must be between 0 and 100, got NaN
      0     | 0   | 503 | 100.5 | fault.abortPercent must be between 0 and 100, got 100.5
      0     | 0   | 399 | 0   | fault.abortStatus must be a 4xx or 5xx status, got 399
      0     | 0   | 600 | 0   | fault.abortStatus must be a 4xx or 5xx status, got 600
      """)
  void shouldRejectAnOutOfRangeValueNamingTheKey(long delayMillis, double delayPercent, int abortStatus,
      double abortPercent, String message) {
    assertThatThrownBy(() -> new FaultConfig(delayMillis, delayPercent, abortStatus, abortPercent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void shouldAcceptTheBoundsOfEveryRange() {
    assertThat(new FaultConfig(60_000, 100, 400, 100)).isNotNull();
    assertThat(new FaultConfig(0, 0, 599, 0)).isNotNull();
  }

  @Test
  void shouldKeepTheBaseValuesOfKeysTheJsonLeavesOut() {
    FaultConfig base = new FaultConfig(200, 50, 502, 10);

    FaultConfig fault = FaultConfig.from(new JsonObject().put("abortPercent", 25), base);

    assertThat(fault).isEqualTo(new FaultConfig(200, 50, 502, 25));
  }

  @Test
  void shouldReadEveryKey() {
    FaultConfig fault = FaultConfig.from(new JsonObject("""
        {"delayMillis": 1500, "delayPercent": 12.5, "abortStatus": 429, "abortPercent": 3}
        """), FaultConfig.NONE);

    assertThat(fault).isEqualTo(new FaultConfig(1_500, 12.5, 429, 3));
  }

  @Test
  void shouldReturnTheBaseWhenThereIsNoJson() {
    FaultConfig base = new FaultConfig(200, 50, 502, 10);

    assertThat(FaultConfig.from(null, base)).isSameAs(base);
    assertThat(FaultConfig.from(new JsonObject(), base)).isEqualTo(base);
  }

  @Test
  void shouldReadBackWhatItWrites() {
    FaultConfig fault = new FaultConfig(750, 20, 504, 5.5);

    assertThat(FaultConfig.from(fault.toJson(), FaultConfig.NONE)).isEqualTo(fault);
  }

  @Test
  void shouldRejectAnUnknownKeyNamingIt() {
    assertThatThrownBy(() -> FaultConfig.from(new JsonObject().put("delayMs", 100), FaultConfig.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fault.delayMs is not a fault setting (delayMillis, delayPercent, abortStatus, abortPercent)");
  }

  @Test
  void shouldRejectAValueThatIsNotANumber() {
    assertThatThrownBy(() -> FaultConfig.from(new JsonObject().put("delayMillis", "2s"), FaultConfig.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fault settings must be numbers: {\"delayMillis\":\"2s\"}");
  }

  @Test
  void shouldRejectAnEmptyValueAsNotANumber() {
    // A YAML key with nothing after it ("delayMillis:") arrives as an explicit null.
    assertThatThrownBy(() -> FaultConfig.from(new JsonObject().putNull("delayMillis"), FaultConfig.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fault settings must be numbers: {\"delayMillis\":null}");
  }

  @Test
  void shouldRejectAnOutOfRangeValueFromJsonNamingTheKey() {
    assertThatThrownBy(() -> FaultConfig.from(new JsonObject().put("abortStatus", 200), FaultConfig.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fault.abortStatus must be a 4xx or 5xx status, got 200");
  }

  @Test
  void shouldBeActiveOnlyWhenSomeRequestWouldBeDelayedOrAborted() {
    assertThat(new FaultConfig(100, 50, 503, 0).active()).isTrue();
    assertThat(new FaultConfig(0, 0, 503, 1).active()).isTrue();
    assertThat(new FaultConfig(0, 100, 503, 0).active()).as("a delay of 0 ms").isFalse();
    assertThat(new FaultConfig(100, 0, 503, 0).active()).as("a delay for no request").isFalse();
  }

  @Test
  void shouldDelayAndAbortEveryRequestAtOneHundredPercentWithoutDrawing() {
    FaultConfig fault = new FaultConfig(300, 100, 502, 100);

    assertThat(fault.decide(NO_DRAW)).isEqualTo(new FaultConfig.Decision(300, 502));
  }

  @Test
  void shouldLeaveEveryRequestAloneAtZeroPercentWithoutDrawing() {
    FaultConfig fault = new FaultConfig(300, 0, 502, 0);

    assertThat(fault.decide(NO_DRAW)).isEqualTo(new FaultConfig.Decision(0, 0));
  }

  @Test
  void shouldNotDelayWhenTheDelayIsZeroMillisecondsWhateverThePercent() {
    FaultConfig fault = new FaultConfig(0, 100, 503, 0);

    assertThat(fault.decide(NO_DRAW)).isEqualTo(new FaultConfig.Decision(0, 0));
  }

  @Test
  void shouldHitWhenTheDrawFallsStrictlyBelowThePercent() {
    FaultConfig fault = new FaultConfig(0, 0, 503, 30);

    assertThat(fault.decide(fixed(0.2999)).abortStatus()).isEqualTo(503);
    assertThat(fault.decide(fixed(0.30)).abortStatus()).isZero();
  }

  @Test
  void shouldAbortAboutThirtyPercentOfManyRequests() {
    FaultConfig fault = new FaultConfig(0, 0, 503, 30);
    RandomGenerator random = new Random(42);
    int draws = 20_000;

    long aborted = 0;
    for (int i = 0; i < draws; i++) {
      if (fault.decide(random).abortStatus() == 503) {
        aborted++;
      }
    }

    // The standard deviation is about 0.3 %; 2 % leaves room for any seed.
    assertThat((double) aborted / draws).isCloseTo(0.30, within(0.02));
  }

  @Test
  void shouldDelayAndAbortIndependently() {
    FaultConfig fault = new FaultConfig(100, 30, 503, 30);
    RandomGenerator random = new Random(7);
    int draws = 20_000;

    int delayed = 0;
    int aborted = 0;
    int both = 0;
    for (int i = 0; i < draws; i++) {
      FaultConfig.Decision decision = fault.decide(random);
      delayed += decision.delayMillis() == 100 ? 1 : 0;
      aborted += decision.abortStatus() == 503 ? 1 : 0;
      both += decision.delayMillis() == 100 && decision.abortStatus() == 503 ? 1 : 0;
    }

    assertThat((double) delayed / draws).isCloseTo(0.30, within(0.02));
    assertThat((double) aborted / draws).isCloseTo(0.30, within(0.02));
    assertThat((double) both / draws).isCloseTo(0.09, within(0.02));
  }

  private static RandomGenerator fixed(double draw) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new AssertionError("only nextDouble is expected");
      }

      @Override
      public double nextDouble() {
        return draw;
      }
    };
  }
}
