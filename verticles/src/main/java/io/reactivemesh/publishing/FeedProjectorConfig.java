package io.reactivemesh.publishing;

import io.vertx.core.json.JsonObject;

import java.util.Set;

/** Settings of the feed projector: events applied per batch, and the pause before it retries a failed read or apply. */
record FeedProjectorConfig(int batchSize, long retryDelayMillis) {

  static final int DEFAULT_BATCH_SIZE = 100;
  static final long DEFAULT_RETRY_DELAY_MILLIS = 500;
  /** Hazelcast's own bound on one ringbuffer read. */
  static final int MAX_BATCH_SIZE = 1000;
  private static final String WHERE = "FeedProjectorVerticle config";

  static FeedProjectorConfig from(JsonObject json) {
    ConfigValues.requireKnownKeys(json, WHERE, Set.of("batchSize", "retryDelayMillis"));
    return new FeedProjectorConfig(
      (int) ConfigValues.whole(json, WHERE, "batchSize", DEFAULT_BATCH_SIZE, 1, MAX_BATCH_SIZE),
      ConfigValues.whole(json, WHERE, "retryDelayMillis", DEFAULT_RETRY_DELAY_MILLIS, 1, 60_000));
  }
}
