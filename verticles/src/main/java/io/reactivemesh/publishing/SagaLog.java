package io.reactivemesh.publishing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * The log of one publish saga, as persisted in {@link Publishing#WORKFLOWS_MAP} after every change: its state
 * (running, compensating, then completed, compensated or failed), the node that drives it, and each step — reserve,
 * addToFeed, notify, markPublished — with its state, attempts and error. A pure value: each transition returns a new
 * log, and {@link #next()} says what the saga must do from any log, which is how a saga resumes on another node.
 */
final class SagaLog {

  /** The saga's state; a saga ends completed, compensated, or failed (a compensation itself could not run). */
  enum State {
    RUNNING, COMPENSATING, COMPLETED, COMPENSATED, FAILED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    boolean finished() {
      return this == COMPLETED || this == COMPENSATED || this == FAILED;
    }

    static State of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  /** A step's state: compensations run for every step that started, in reverse order. */
  enum StepState {
    PENDING, RUNNING, DONE, FAILED, COMPENSATING, COMPENSATED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    static StepState of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }

    boolean started() {
      return this != PENDING && this != COMPENSATED;
    }
  }

  /** The node driving a saga: its Vert.x node id (for membership checks) and its name (for people). */
  record Owner(String node, String nodeName) {
    JsonObject toJson() {
      return new JsonObject().put("node", node).put("nodeName", nodeName);
    }
  }

  /** What the saga must do next. */
  sealed interface Next permits RunStep, Compensate, Finish, Finished {
  }

  /** Run (or run again: steps are idempotent) the step at {@code index}. */
  record RunStep(int index, String step) implements Next {
  }

  /** Run the compensation of the step at {@code index}. */
  record Compensate(int index, String step) implements Next {
  }

  /** Every step is done, or every started step compensated: record the final state. */
  record Finish(State state) implements Next {
  }

  /** Nothing left to do. */
  record Finished(State state) implements Next {
  }

  static final String RESERVE = "reserve";
  static final String ADD_TO_FEED = "addToFeed";
  static final String NOTIFY = "notify";
  static final String MARK_PUBLISHED = "markPublished";
  static final List<String> STEPS = List.of(RESERVE, ADD_TO_FEED, NOTIFY, MARK_PUBLISHED);

  private final JsonObject json;

  private SagaLog(JsonObject json) {
    this.json = json;
  }

  static SagaLog start(String id, String articleId, Owner owner, long now) {
    JsonArray steps = new JsonArray();
    STEPS.forEach(name -> steps.add(new JsonObject().put("name", name).put("state", StepState.PENDING.label())
      .put("attempts", 0)));
    return new SagaLog(new JsonObject()
      .put("workflowId", id)
      .put("type", "publish")
      .put("articleId", articleId)
      .put("state", State.RUNNING.label())
      .put("owner", owner.toJson())
      .put("recoveries", 0)
      .put("createdAt", now)
      .put("updatedAt", now)
      .put("steps", steps));
  }

  static SagaLog of(JsonObject json) {
    return new SagaLog(json.copy());
  }

  static SagaLog of(String json) {
    return new SagaLog(new JsonObject(json));
  }

  JsonObject toJson() {
    return json.copy();
  }

  /** What a client sees at {@code GET /api/workflows/:id}. */
  JsonObject view() {
    JsonObject view = json.copy();
    view.put("owner", ownerName());
    return view;
  }

  String id() {
    return json.getString("workflowId");
  }

  String articleId() {
    return json.getString("articleId");
  }

  State state() {
    return State.of(json.getString("state"));
  }

  String ownerNode() {
    return json.getJsonObject("owner").getString("node");
  }

  String ownerName() {
    return json.getJsonObject("owner").getString("nodeName");
  }

  long createdAt() {
    return json.getLong("createdAt");
  }

  long updatedAt() {
    return json.getLong("updatedAt");
  }

  /** What the reserve step saw of the article (title, author, tags), for the steps after it; null before. */
  JsonObject article() {
    return json.getJsonObject("article");
  }

  StepState stepState(int index) {
    return StepState.of(step(index).getString("state"));
  }

  int attempts(int index) {
    return step(index).getInteger("attempts", 0);
  }

  int compensationAttempts(int index) {
    return step(index).getInteger("compensationAttempts", 0);
  }

  Next next() {
    State state = state();
    if (state.finished()) {
      return new Finished(state);
    }
    if (state == State.RUNNING) {
      for (int i = 0; i < STEPS.size(); i++) {
        if (stepState(i) != StepState.DONE) {
          return new RunStep(i, STEPS.get(i));
        }
      }
      return new Finish(State.COMPLETED);
    }
    for (int i = STEPS.size() - 1; i >= 0; i--) {
      if (stepState(i).started()) {
        return new Compensate(i, STEPS.get(i));
      }
    }
    return new Finish(State.COMPENSATED);
  }

  SagaLog stepStarted(int index, long now) {
    return change(now, (log, step) -> {
      step.put("state", StepState.RUNNING.label()).put("attempts", step.getInteger("attempts", 0) + 1);
      if (!step.containsKey("startedAt")) {
        step.put("startedAt", now);
      }
    }, index);
  }

  /** The step succeeded; the reserve step's result is the article, kept for the steps after it. */
  SagaLog stepDone(int index, JsonObject result, long now) {
    return change(now, (log, step) -> {
      step.put("state", StepState.DONE.label()).put("endedAt", now);
      step.remove("error");
      if (STEPS.get(index).equals(RESERVE) && result != null) {
        log.put("article", new JsonObject()
          .put("title", result.getString("title"))
          .put("author", result.getString("author"))
          .put("tags", result.getJsonArray("tags", new JsonArray())));
      }
    }, index);
  }

  /** The step failed but may succeed on another attempt. */
  SagaLog stepRetrying(int index, String error, long now) {
    return change(now, (log, step) -> step.put("error", error), index);
  }

  /** The step failed for good: the saga compensates what it did. */
  SagaLog stepFailed(int index, String error, long now) {
    return change(now, (log, step) -> {
      step.put("state", StepState.FAILED.label()).put("error", error).put("endedAt", now);
      log.put("state", State.COMPENSATING.label()).put("error", "step " + STEPS.get(index) + " failed: " + error);
    }, index);
  }

  SagaLog compensationStarted(int index, long now) {
    return change(now, (log, step) -> step.put("state", StepState.COMPENSATING.label())
      .put("compensationAttempts", step.getInteger("compensationAttempts", 0) + 1), index);
  }

  SagaLog compensationRetrying(int index, String error, long now) {
    return change(now, (log, step) -> step.put("compensationError", error), index);
  }

  SagaLog compensated(int index, long now) {
    return change(now, (log, step) -> {
      step.put("state", StepState.COMPENSATED.label()).put("compensatedAt", now);
      step.remove("compensationError");
    }, index);
  }

  /** A compensation could not run: the saga stops, failed, for an operator to look at. */
  SagaLog compensationFailed(int index, String error, long now) {
    return change(now, (log, step) -> {
      step.put("compensationError", error);
      log.put("state", State.FAILED.label())
        .put("error", log.getString("error", "") + "; compensation of " + STEPS.get(index) + " failed: " + error);
    }, index);
  }

  SagaLog finished(State state, long now) {
    JsonObject changed = json.copy().put("state", state.label()).put("updatedAt", now).put("endedAt", now);
    return new SagaLog(changed);
  }

  /** Another node drives the saga from now on (its previous owner died or stalled). */
  SagaLog ownedBy(Owner owner, long now) {
    JsonObject changed = json.copy()
      .put("owner", owner.toJson())
      .put("recoveries", json.getInteger("recoveries", 0) + 1)
      .put("updatedAt", now);
    return new SagaLog(changed);
  }

  private JsonObject step(int index) {
    return json.getJsonArray("steps").getJsonObject(index);
  }

  private interface StepChange {
    void apply(JsonObject log, JsonObject step);
  }

  private SagaLog change(long now, StepChange change, int index) {
    JsonObject changed = json.copy().put("updatedAt", now);
    change.apply(changed, changed.getJsonArray("steps").getJsonObject(index));
    return new SagaLog(changed);
  }
}
