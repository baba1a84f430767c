package io.reactivemesh.publishing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives publish sagas to their end on this node: asks the log what is next, persists the step's start, runs it (or its
 * compensation), persists the outcome, and goes on — retrying what may succeed, compensating in reverse once a step
 * failed for good — then publishes {@link Publishing#WORKFLOW_ENDED_ADDRESS}. Every write is conditional on still
 * owning the saga: when another node took it over, this one stops.
 */
final class SagaOrchestrator {

  /** This node no longer drives the saga: another took it over, the log could not be written, or the driver stopped. */
  static final class Abandoned extends RuntimeException {
    Abandoned(String message) {
      super(message, null, false, false);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(SagaOrchestrator.class);
  private static final int PERSIST_ATTEMPTS = 3;

  private final Vertx vertx;
  private final SagaStore store;
  private final PublishSteps steps;
  private final WorkflowConfig config;
  private volatile boolean stopped;

  SagaOrchestrator(Vertx vertx, SagaStore store, PublishSteps steps, WorkflowConfig config) {
    this.vertx = vertx;
    this.store = store;
    this.steps = steps;
    this.config = config;
  }

  /** Drives the saga until it ends; completes with its final log, or fails with {@link Abandoned}. */
  Future<SagaLog> drive(SagaLog log) {
    return advance(log)
      .onSuccess(last -> vertx.eventBus().publish(Publishing.WORKFLOW_ENDED_ADDRESS, new JsonObject()
        .put("workflowId", last.id()).put("articleId", last.articleId()).put("state", last.state().label())
        .put("node", last.ownerName())))
      .onSuccess(last -> LOG.info("workflow {} for article {} ended {}", last.id(), last.articleId(),
        last.state().label()))
      .onFailure(e -> LOG.info("workflow {} left by this node: {}", log.id(), e.getMessage()));
  }

  /** Stops driving: sagas in flight stop at their next step, and the recovery resumes them elsewhere. */
  void stop() {
    stopped = true;
  }

  private Future<SagaLog> advance(SagaLog log) {
    if (stopped) {
      return Future.failedFuture(new Abandoned("the orchestrator stopped"));
    }
    long now = System.currentTimeMillis();
    SagaLog.Next next = log.next();
    if (next instanceof SagaLog.RunStep run) {
      return runStep(log, run).compose(this::advance);
    }
    if (next instanceof SagaLog.Compensate undo) {
      return compensate(log, undo).compose(this::advance);
    }
    if (next instanceof SagaLog.Finish finish) {
      return persist(log.finished(finish.state(), now), 1).compose(this::advance);
    }
    return Future.succeededFuture(log);
  }

  private Future<SagaLog> runStep(SagaLog log, SagaLog.RunStep run) {
    return persist(log.stepStarted(run.index(), System.currentTimeMillis()), 1)
      .compose(started -> steps.run(run.step(), started).transform(ar -> {
        long now = System.currentTimeMillis();
        if (ar.succeeded()) {
          return persist(started.stepDone(run.index(), ar.result(), now), 1);
        }
        String error = ar.cause().getMessage();
        boolean retryable = ar.cause() instanceof PublishSteps.StepFailure failure && failure.retryable();
        int attempts = started.attempts(run.index());
        if (retryable && attempts < config.stepAttempts()) {
          return persist(started.stepRetrying(run.index(), error, now), 1).compose(s -> after(config.retryDelay(attempts), s));
        }
        LOG.info("workflow {}: step {} failed ({}), compensating", log.id(), run.step(), error);
        return persist(started.stepFailed(run.index(), error, now), 1);
      }));
  }

  private Future<SagaLog> compensate(SagaLog log, SagaLog.Compensate undo) {
    return persist(log.compensationStarted(undo.index(), System.currentTimeMillis()), 1)
      .compose(started -> steps.compensate(undo.step(), started).transform(ar -> {
        long now = System.currentTimeMillis();
        if (ar.succeeded()) {
          return persist(started.compensated(undo.index(), now), 1);
        }
        String error = ar.cause().getMessage();
        boolean retryable = ar.cause() instanceof PublishSteps.StepFailure failure && failure.retryable();
        int attempts = started.compensationAttempts(undo.index());
        if (retryable && attempts < config.compensationAttempts()) {
          return persist(started.compensationRetrying(undo.index(), error, now), 1)
            .compose(s -> after(config.retryDelay(attempts), s));
        }
        LOG.error("workflow {}: compensation of {} failed ({}); the saga needs an operator", log.id(), undo.step(), error);
        return persist(started.compensationFailed(undo.index(), error, now), 1);
      }));
  }

  /** Writes the log as its owner, retrying a failed write a few times; fails with {@link Abandoned} if it cannot. */
  private Future<SagaLog> persist(SagaLog log, int attempt) {
    if (stopped) {
      return Future.failedFuture(new Abandoned("the orchestrator stopped"));
    }
    return store.write(log).transform(ar -> {
      if (ar.succeeded()) {
        return ar.result() ? Future.succeededFuture(log)
          : Future.failedFuture(new Abandoned("another node took the saga over"));
      }
      if (attempt >= PERSIST_ATTEMPTS) {
        return Future.failedFuture(new Abandoned("its log could not be written: " + ar.cause().getMessage()));
      }
      return after(config.retryDelay(attempt), log).compose(l -> persist(l, attempt + 1));
    });
  }

  private Future<SagaLog> after(long delayMillis, SagaLog log) {
    Promise<SagaLog> later = Promise.promise();
    vertx.setTimer(delayMillis, id -> later.complete(log));
    return later.future();
  }
}
