package io.reactivemesh.client.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PowerOfTwoChoicesTest {

  private static final RandomGenerator UNUSED = () -> {
    throw new AssertionError("no random draw expected");
  };

  @Test
  void shouldPickNothingFromNoCandidates() {
    assertThat(PowerOfTwoChoices.pick(List.<String>of(), s -> 0, UNUSED)).isEmpty();
  }

  @Test
  void shouldPickTheOnlyCandidateWithoutDrawing() {
    assertThat(PowerOfTwoChoices.pick(List.of("a"), s -> 0, UNUSED)).contains("a");
  }

  @Test
  void shouldPickTheCheaperOfTwo() {
    Map<String, Double> cost = Map.of("slow", 5.0, "fast", 1.0);
    RandomGenerator random = new SplittableRandom(7);

    for (int i = 0; i < 100; i++) {
      assertThat(PowerOfTwoChoices.pick(List.of("slow", "fast"), cost::get, random)).contains("fast");
    }
  }

  @Test
  void shouldNeverPickTheCostliestOrAnInstanceOutsideTheCandidates() {
    List<String> candidates = List.of("a", "b", "c", "d");
    Map<String, Double> cost = Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0);
    RandomGenerator random = new SplittableRandom(42);

    for (int i = 0; i < 1_000; i++) {
      assertThat(PowerOfTwoChoices.pick(candidates, cost::get, random))
          .hasValueSatisfying(picked -> assertThat(picked).isIn(candidates).isNotEqualTo("d"));
    }
  }

  @Test
  void shouldSpreadOverAllCandidatesWhenCostsAreEqual() {
    List<Integer> candidates = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    RandomGenerator random = new SplittableRandom(42);
    Map<Integer, Integer> picks = new HashMap<>();

    for (int i = 0; i < 10_000; i++) {
      picks.merge(PowerOfTwoChoices.pick(candidates, c -> 1.0, random).orElseThrow(), 1, Integer::sum);
    }

    assertThat(picks).containsOnlyKeys(candidates);
    assertThat(picks.values()).allSatisfy(count -> assertThat(count).isBetween(850, 1_150));
  }

  @Test
  void shouldDrawTwoDistinctCandidatesAndKeepTheFirstOnATie() {
    List<String> candidates = List.of("a", "b", "c");

    assertThat(PowerOfTwoChoices.pick(candidates, s -> 1.0, scripted(2, 0))).contains("c");
    // The second draw lands on the first one's index and must be moved past it, not pair "a" with itself.
    assertThat(PowerOfTwoChoices.pick(candidates, s -> s.equals("a") ? 2.0 : 1.0, scripted(0, 0))).contains("b");
  }

  /** Returns the given indexes in order, so a test can name the pair drawn. */
  private static RandomGenerator scripted(int... draws) {
    return new RandomGenerator() {
      private int next;

      @Override
      public long nextLong() {
        throw new AssertionError("only nextInt(bound) expected");
      }

      @Override
      public int nextInt(int bound) {
        int draw = draws[next++];
        assertThat(draw).isBetween(0, bound - 1);
        return draw;
      }
    };
  }
}
