package io.reactivemesh.drill;

/**
 * One call of the drill's workload as the client saw it: what it asked (type, article, the version it expected, the
 * content it wrote), when it was invoked and completed (ns since the history began), and what came back.
 *
 * @param status     the HTTP status, or 0 when no answer came
 * @param outcome    {@link Outcome#OK} for the expected 2xx, {@link Outcome#REJECTED} for a 4xx the call may get by
 *                   design (412 stale, 409 not a draft), {@link Outcome#FAILED} for a definite failure,
 *                   {@link Outcome#UNKNOWN} when the call may or may not have taken effect
 * @param version    the article version the call sent ({@code If-Match}) or got back (ETag); 0 when none
 * @param value      what the call wrote or read: an update's title, a view count, a workflow id
 * @param servedBy   the mesh instance that answered ({@code x-mesh-instance}), or null
 * @param redirects  gateways that refused the connection before one took the call
 * @param problem    what a failed call was told (the problem's detail, or the client's error), else null
 */
record Operation(long seq, Type type, String gateway, String articleId, long invokedNanos, long completedNanos,
                 int status, Outcome outcome, long version, String value, String servedBy, int redirects,
                 String problem) {

  /** The calls of the workload. */
  enum Type {
    CREATE, UPDATE, READ, VIEW, PUBLISH;

    /** Whether a retry of the call can do no harm (the mesh and the client retry these). */
    boolean idempotent() {
      return this != VIEW;
    }

    boolean write() {
      return this != READ;
    }
  }

  /** How a call ended, for the figures and for the checker. */
  enum Outcome { OK, REJECTED, FAILED, UNKNOWN }

  boolean ok() {
    return outcome == Outcome.OK;
  }

  /**
   * Whether the call may have taken effect: anything but a refusal by design. A failure may come after the service
   * applied the call (its reply lost), and a 412 may answer the mesh's retry of an update whose first attempt applied.
   */
  boolean mayHaveApplied() {
    return outcome != Outcome.REJECTED || status == 412;
  }
}
