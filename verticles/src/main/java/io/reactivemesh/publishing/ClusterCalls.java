package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.reactivemesh.client.MeshException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Bridges Hazelcast calls into Vert.x futures on the caller's context — async operations as they are, the few blocking
 * ones (queries) on a worker — and turns cluster failures into mesh problems: a minority side refusing a
 * write (split-brain protection) or a member leaving mid-call is a 503 the client may retry.
 */
public final class ClusterCalls {

  private ClusterCalls() {
  }

  /**
   * The outcome of an asynchronous Hazelcast operation, completed on {@code context}. The callback is handed straight
   * to the context: a Hazelcast future runs a callback registered without an executor on its default executor, which
   * on a machine of 2 CPUs or fewer is a new thread per callback (the JDK's common pool has one thread there).
   */
  public static <T> Future<T> await(CompletionStage<T> stage, Context context) {
    Promise<T> promise = Promise.promise();
    stage.whenCompleteAsync((value, error) -> {
      if (error == null) {
        promise.complete(value);
      } else {
        promise.fail(toMeshFailure(error));
      }
    }, task -> context.runOnContext(ignored -> task.run()));
    return promise.future();
  }

  /** Runs a blocking Hazelcast call (a query) on a worker thread, never on an event loop. */
  public static <T> Future<T> blocking(Vertx vertx, Callable<T> call) {
    return vertx.executeBlocking(call, false).recover(e -> Future.failedFuture(toMeshFailure(e)));
  }

  /** A cluster failure as the problem a client should see; anything else unchanged (it becomes a 500). */
  public static Throwable toMeshFailure(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof SplitBrainProtectionException) {
      return new MeshException(503, "Service Unavailable", "write refused: this part of the cluster has fewer members "
        + "than the quorum (split-brain protection); retry once the cluster is whole");
    }
    if (cause instanceof RetryableException || cause instanceof HazelcastInstanceNotActiveException) {
      return new MeshException(503, "Service Unavailable", "the cluster is rebalancing or this member is leaving: "
        + cause.getClass().getSimpleName());
    }
    if (cause instanceof OperationTimeoutException) {
      return new MeshException(503, "Service Unavailable", "the cluster did not answer in time");
    }
    return cause;
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
