package io.reactivemesh.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SagaLogTest {

  private static final SagaLog.Owner NODE_A = new SagaLog.Owner("id-a", "node-a");
  private static final SagaLog.Owner NODE_B = new SagaLog.Owner("id-b", "node-b");

  private static SagaLog fresh() {
    return SagaLog.start("wf1", "art1", NODE_A, 1_000);
  }

  private static SagaLog doneUpTo(int steps) {
    SagaLog log = fresh();
    for (int i = 0; i < steps; i++) {
      JsonObject result = new JsonObject().put("title", "T").put("author", "ann").put("tags", new JsonArray().add("x"));
      log = log.stepStarted(i, 1_001).stepDone(i, i == 0 ? result : null, 1_002);
    }
    return log;
  }

  @Test
  void shouldRunTheStepsInOrderThenFinishCompleted() {
    SagaLog log = fresh();
    for (String step : SagaLog.STEPS) {
      SagaLog.Next next = log.next();
      assertThat(next).isInstanceOf(SagaLog.RunStep.class);
      int index = ((SagaLog.RunStep) next).index();
      assertThat(((SagaLog.RunStep) next).step()).isEqualTo(step);
      log = log.stepStarted(index, 2).stepDone(index, null, 3);
    }

    assertThat(log.next()).isEqualTo(new SagaLog.Finish(SagaLog.State.COMPLETED));
    SagaLog completed = log.finished(SagaLog.State.COMPLETED, 4);
    assertThat(completed.next()).isEqualTo(new SagaLog.Finished(SagaLog.State.COMPLETED));
  }

  @Test
  void shouldKeepWhatTheReserveStepSawOfTheArticleForTheStepsAfterIt() {
    assertThat(doneUpTo(1).article()).isEqualTo(new JsonObject().put("title", "T").put("author", "ann")
      .put("tags", new JsonArray().add("x")));
  }

  @Test
  void shouldResumeAStepThatWasRunningWhenItsNodeDied() {
    SagaLog interrupted = doneUpTo(2).stepStarted(2, 5);

    SagaLog resumed = SagaLog.of(interrupted.toJson()).ownedBy(NODE_B, 6);

    assertThat(resumed.next()).isEqualTo(new SagaLog.RunStep(2, SagaLog.NOTIFY));
    assertThat(resumed.ownerNode()).isEqualTo("id-b");
    assertThat(resumed.view().getString("owner")).isEqualTo("node-b");
    assertThat(resumed.view().getInteger("recoveries")).isEqualTo(1);
    assertThat(resumed.stepStarted(2, 7).attempts(2)).isEqualTo(2);
  }

  @Test
  void shouldCompensateEveryStartedStepInReverseOnceAStepFailed() {
    SagaLog log = doneUpTo(2).stepStarted(2, 5).stepFailed(2, "notify answered 422", 6);
    assertThat(log.state()).isEqualTo(SagaLog.State.COMPENSATING);

    StringBuilder order = new StringBuilder();
    while (log.next() instanceof SagaLog.Compensate undo) {
      order.append(undo.step()).append(' ');
      log = log.compensationStarted(undo.index(), 7).compensated(undo.index(), 8);
    }

    assertThat(order.toString().trim()).isEqualTo("notify addToFeed reserve");
    assertThat(log.next()).isEqualTo(new SagaLog.Finish(SagaLog.State.COMPENSATED));
    assertThat(log.stepState(3)).isEqualTo(SagaLog.StepState.PENDING);
    assertThat(log.toJson().getString("error")).contains("step notify failed");
  }

  @Test
  void shouldRetryACompensationThatWasInterruptedAndStopFailedWhenOneCannotRun() {
    SagaLog log = doneUpTo(1).stepStarted(1, 5).stepFailed(1, "boom", 6).compensationStarted(1, 7);

    assertThat(log.next()).isEqualTo(new SagaLog.Compensate(1, SagaLog.ADD_TO_FEED));
    SagaLog failed = log.compensationFailed(1, "feed answered 400", 8);
    assertThat(failed.state()).isEqualTo(SagaLog.State.FAILED);
    assertThat(failed.next()).isEqualTo(new SagaLog.Finished(SagaLog.State.FAILED));
  }
}
