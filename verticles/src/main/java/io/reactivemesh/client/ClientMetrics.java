package io.reactivemesh.client;

/** The names of the mesh client's metrics (Micrometer names; Prometheus shows dots as underscores). */
final class ClientMetrics {

  /** Gauge per instance called from this node: 0 closed, 1 half-open, 2 open. */
  static final String BREAKER_STATE = "mesh.breaker.state";
  /** Counter per service: retries sent. */
  static final String RETRIES = "mesh.retries";
  /** Counter per service: retries the budget refused. */
  static final String RETRIES_DENIED = "mesh.retries.denied";
  /** Gauge: retries the node's budget allows now. */
  static final String RETRY_BUDGET_AVAILABLE = "mesh.retry.budget.available";
  /** Gauge per service: calls in flight from this node (the bulkhead's count). */
  static final String IN_FLIGHT = "mesh.in.flight";

  private ClientMetrics() {
  }
}
