package io.reactivemesh.client.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/**
 * Picks an instance by the power of two choices: the cheaper of two drawn at random, which avoids both the
 * herd that "always the cheapest" sends to one instance and the blindness of round robin.
 */
public final class PowerOfTwoChoices {

  private PowerOfTwoChoices() {
  }

  /**
   * @param candidates instances that may be called; the caller has already removed excluded instances and
   *                   those whose breaker is open
   * @param cost       lower is better, e.g. {@code load -> load.cost(now)}; read once per drawn candidate
   * @return empty only when there is no candidate; on equal costs the first drawn wins
   */
  public static <T> Optional<T> pick(List<T> candidates, ToDoubleFunction<T> cost, RandomGenerator random) {
    int size = candidates.size();
    if (size == 0) {
      return Optional.empty();
    }
    if (size == 1) {
      return Optional.of(candidates.get(0));
    }
    int first = random.nextInt(size);
    // Drawing from size - 1 and skipping over the first keeps the pair distinct and uniform without retries.
    int second = random.nextInt(size - 1);
    if (second >= first) {
      second++;
    }
    T a = candidates.get(first);
    T b = candidates.get(second);
    return Optional.of(cost.applyAsDouble(b) < cost.applyAsDouble(a) ? b : a);
  }
}
