package io.reactivemesh.client.policy;

import java.util.List;
import java.util.function.Predicate;

/**
 * Prefers an instance that runs on the caller's own event loop over the balancer's pick, for the services whose
 * policy asks for it ({@link CallPolicy#preferSameEventLoop()}). Such a call never leaves the
 * thread nor goes through the event bus (the client hands it to the instance directly, {@code ColocatedInstance}): it
 * skips two cross-thread hand-offs (each an event-loop wake-up) and the event bus's messages, the largest costs the
 * mesh adds to a call between a gateway and a service of the same node (docs/BENCHMARKS.md). The price is that a node's callers stop
 * spreading that service's calls over the other nodes' instances, hence opt-in: worth it for cheap stateless services
 * deployed with one instance per event loop on every node that takes traffic.
 *
 * <p>No load guard: a co-located instance shares the caller's thread, so sending its calls elsewhere would not unload
 * that thread; an instance that fails is still avoided, since an open breaker removes it from the candidates, and a
 * retry never returns to an instance it tried. (A guard on the balancer's cost was measured to undo the gain: an idle
 * instance's decaying latency estimate makes it look cheaper than the busy co-located one.)
 */
public final class Locality {

  private Locality() {
  }

  /**
   * @param candidates the instances the balancer chose {@code picked} from
   * @param colocated  whether an instance runs on the caller's event loop
   * @return {@code picked} if it is co-located or no candidate is, else the first co-located candidate
   */
  public static <T> T preferColocated(List<T> candidates, T picked, Predicate<T> colocated) {
    if (colocated.test(picked)) {
      return picked;
    }
    for (T candidate : candidates) {
      if (colocated.test(candidate)) {
        return candidate;
      }
    }
    return picked;
  }
}
