package io.reactivemesh.publishing;

import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.SingletonVerticle;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feed projector, a singleton (Vert.x HA moves it to a survivor when its node dies): reads the feed event log
 * ({@link FeedEvents}) in order from its checkpoint, applies each batch to the feed map — events of one article in
 * order, articles in parallel, each apply idempotent by sequence — then raises the checkpoint and publishes
 * {@link Publishing#FEED_CHANGED_ADDRESS}. After a failover the new owner resumes from the checkpoint: an event applied
 * but not yet checkpointed is applied again, which changes nothing; no event is skipped.
 */
public class FeedProjectorVerticle extends SingletonVerticle {

  static final String CHECKPOINT_NAME = "feed-projector";
  private static final Logger LOG = LoggerFactory.getLogger(FeedProjectorVerticle.class);

  private FeedProjectorConfig config;
  private FeedEvents events;
  private FeedStore store;
  private volatile boolean stopped;
  private long next;
  private Future<?> inFlight = Future.succeededFuture();

  @Override
  protected Future<?> startSingleton() {
    try {
      config = FeedProjectorConfig.from(config());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    var hazelcast = NodeRuntime.of(vertx).cluster().hazelcast();
    events = new FeedEvents(vertx, context, hazelcast);
    store = new FeedStore(vertx, context, hazelcast);
    return store.checkpoint(CHECKPOINT_NAME).onSuccess(checkpoint -> {
      next = checkpoint + 1;
      LOG.info("feed projector resumes after event {}", checkpoint);
      readNext();
    });
  }

  @Override
  protected Future<?> stopSingleton() {
    stopped = true;
    // a batch being applied finishes and checkpoints, so the next owner does not apply it again for nothing
    return inFlight.transform(ar -> Future.succeededFuture());
  }

  private void readNext() {
    if (stopped) {
      return;
    }
    events.read(next, config.batchSize()).onComplete(ar -> {
      if (stopped) {
        return;
      }
      if (ar.succeeded()) {
        inFlight = applyBatch(ar.result()).onComplete(done -> {
          if (done.failed()) {
            LOG.warn("feed projector could not apply events from {}: {}; retrying", next, done.cause().getMessage());
            retryLater();
          } else {
            readNext();
          }
        });
      } else {
        onReadFailed(ClusterCalls.unwrap(ar.cause()));
      }
    });
  }

  private Future<Void> applyBatch(ReadResultSet<String> batch) {
    if (batch.size() == 0) {
      next = batch.getNextSequenceToReadFrom();
      return Future.succeededFuture();
    }
    Map<String, List<Integer>> byArticle = new LinkedHashMap<>();
    List<JsonObject> parsed = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      JsonObject event = new JsonObject(batch.get(i));
      parsed.add(event);
      byArticle.computeIfAbsent(event.getString("articleId"), k -> new ArrayList<>()).add(i);
    }
    JsonArray changes = new JsonArray();
    List<Future<Void>> perArticle = new ArrayList<>();
    for (List<Integer> indexes : byArticle.values()) {
      Future<Void> chain = Future.succeededFuture();
      for (int i : indexes) {
        JsonObject event = parsed.get(i);
        long sequence = batch.getSequence(i);
        chain = chain.compose(v -> store.apply(event, sequence).map(changed -> {
          if (changed) {
            changes.add(new JsonObject().put("articleId", event.getString("articleId"))
              .put("type", event.getString("type")).put("sequence", sequence));
          }
          return null;
        }));
      }
      perArticle.add(chain);
    }
    long first = next;
    long last = batch.getSequence(batch.size() - 1);
    long following = batch.getNextSequenceToReadFrom();
    return Future.all(perArticle)
      .compose(v -> store.saveCheckpoint(CHECKPOINT_NAME, last))
      .map(saved -> {
        next = following;
        vertx.eventBus().publish(Publishing.FEED_CHANGED_ADDRESS, new JsonObject()
          .put("fromSequence", first).put("toSequence", last).put("changes", changes));
        return null;
      });
  }

  private void onReadFailed(Throwable cause) {
    if (cause instanceof StaleSequenceException stale) {
      // the log overwrote events this projector never read (it was down longer than the ringbuffer's capacity lasts)
      LOG.error("feed projector fell behind the event log: events {} to {} are gone; continuing from {}", next,
        stale.getHeadSeq() - 1, stale.getHeadSeq());
      next = stale.getHeadSeq();
      readNext();
      return;
    }
    LOG.warn("feed projector could not read events from {}: {}; retrying", next, cause.toString());
    retryLater();
  }

  private void retryLater() {
    if (!stopped) {
      vertx.setTimer(config.retryDelayMillis(), id -> readNext());
    }
  }
}
