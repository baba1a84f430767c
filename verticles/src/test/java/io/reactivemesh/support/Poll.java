package io.reactivemesh.support;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Bounded polling for conditions held by other processes, where no event can reach the test (a node process's
 * HTTP views): checks every {@link #INTERVAL} until the bound, and says how long it took.
 */
public final class Poll {

  public static final Duration INTERVAL = Duration.ofMillis(50);

  private Poll() {
  }

  /** The first non-empty value {@code probe} gives within {@code bound}, or empty when the bound passes. */
  public static <T> Optional<T> until(Duration bound, Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      Optional<T> value = probe.get();
      if (value.isPresent() || System.nanoTime() > deadline) {
        return value;
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }
}
