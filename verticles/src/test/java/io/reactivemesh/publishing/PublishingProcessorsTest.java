package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastJsonValue;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry processors' rules, run on plain map entries as Hazelcast runs them on a partition. */
class PublishingProcessorsTest {

  private static Map.Entry<String, HazelcastJsonValue> entry(String key, JsonObject value) {
    return new AbstractMap.SimpleEntry<>(key, value == null ? null : new HazelcastJsonValue(value.encode()));
  }

  private static JsonObject value(Map.Entry<String, HazelcastJsonValue> entry) {
    return entry.getValue() == null ? null : new JsonObject(entry.getValue().toString());
  }

  private static JsonObject draft() {
    return Article.draft("a1", new ArticleInput("T", "B", "ann", List.of()), 1);
  }

  @Test
  void shouldEditOnlyWhenIfMatchHoldsAndBumpTheVersion() {
    var entry = entry("a1", draft());
    ArticleInput input = new ArticleInput("T2", "B", "ann", List.of("x"));

    JsonObject first = new JsonObject(new ArticleProcessors.Edit(IfMatch.parse("\"1\""), input, 2).process(entry));
    JsonObject second = new JsonObject(new ArticleProcessors.Edit(IfMatch.parse("\"1\""), input, 3).process(entry));

    assertThat(first.getString("outcome")).isEqualTo(ArticleProcessors.UPDATED);
    assertThat(second.getString("outcome")).isEqualTo(ArticleProcessors.STALE);
    assertThat(value(entry).getLong("version")).isEqualTo(2);
    assertThat(new JsonObject(new ArticleProcessors.Edit(IfMatch.parse("*"), input, 4).process(entry("x", null)))
      .getString("outcome")).isEqualTo(ArticleProcessors.MISSING);
  }

  @Test
  void shouldMakeEachWorkflowTransitionIdempotentAndRefuseAnotherWorkflow() {
    var entry = entry("a1", draft());
    ArticleProcessors.Transition reserve = new ArticleProcessors.Transition(ArticleProcessors.Action.RESERVE, "wf1", 2);

    assertThat(new JsonObject(reserve.process(entry)).getString("outcome")).isEqualTo(ArticleProcessors.OK);
    assertThat(new JsonObject(reserve.process(entry)).getString("outcome")).isEqualTo(ArticleProcessors.OK);
    assertThat(value(entry).getLong("version")).isEqualTo(2);
    assertThat(new JsonObject(new ArticleProcessors.Transition(ArticleProcessors.Action.RESERVE, "wf2", 3).process(entry))
      .getString("outcome")).isEqualTo(ArticleProcessors.CONFLICT);
    assertThat(new JsonObject(new ArticleProcessors.Transition(ArticleProcessors.Action.RELEASE, "wf2", 3).process(entry))
      .getString("outcome")).isEqualTo(ArticleProcessors.OK);
    assertThat(value(entry).getString("status")).isEqualTo(Article.PUBLISHING);

    new ArticleProcessors.Transition(ArticleProcessors.Action.PUBLISH, "wf1", 4).process(entry);
    assertThat(value(entry).getString("status")).isEqualTo(Article.PUBLISHED);
    new ArticleProcessors.Transition(ArticleProcessors.Action.RELEASE, "wf1", 5).process(entry);
    assertThat(value(entry).getString("status")).isEqualTo(Article.DRAFT);
    assertThat(value(entry).containsKey("workflowId")).isFalse();
  }

  @Test
  void shouldApplyAFeedEventOnceWhateverTheReplays() {
    var entry = entry("a1", null);
    JsonObject published = FeedEvents.published("wf1", "a1", "T", "ann", null, 10);
    JsonObject unpublished = FeedEvents.unpublished("a1", "wf1");

    assertThat(new FeedStore.Apply(published.encode(), 5).process(entry)).isTrue();
    assertThat(new FeedStore.Apply(published.encode(), 5).process(entry)).isFalse();
    assertThat(new FeedStore.Apply(unpublished.encode(), 6).process(entry)).isTrue();
    // a replay from an older checkpoint: the older publication must not bring the entry back
    assertThat(new FeedStore.Apply(published.encode(), 5).process(entry)).isFalse();
    assertThat(value(entry).getBoolean("listed")).isFalse();
  }

  @Test
  void shouldLeaveAnotherWorkflowsFeedEntryAloneWhenALateRemovalArrives() {
    var entry = entry("a1", null);
    new FeedStore.Apply(FeedEvents.published("wf2", "a1", "T", "ann", null, 10).encode(), 7).process(entry);

    assertThat(new FeedStore.Apply(FeedEvents.unpublished("a1", "wf1").encode(), 8).process(entry)).isFalse();
    assertThat(value(entry).getBoolean("listed")).isTrue();
    assertThat(new FeedStore.Apply(FeedEvents.unpublished("a1", null).encode(), 9).process(entry)).isTrue();
  }

  @Test
  void shouldIgnoreAPublicationThatArrivesAfterItsOwnWorkflowRemovedIt() {
    var entry = entry("a1", null);

    new FeedStore.Apply(FeedEvents.unpublished("a1", "wf1").encode(), 3).process(entry);
    new FeedStore.Apply(FeedEvents.published("wf1", "a1", "T", "ann", null, 10).encode(), 4).process(entry);

    assertThat(value(entry).getBoolean("listed")).isFalse();
    assertThat(new FeedStore.Apply(FeedEvents.published("wf2", "a1", "T", "ann", null, 10).encode(), 5).process(entry))
      .as("another workflow may publish it again").isTrue();
  }

  @Test
  void shouldLeaveATombstoneWhenARetractionOvertakesItsAnnouncement() {
    var entry = entry("wf1", null);

    new CommonProcessors.Upsert(new JsonObject().put("retracted", true).encode()).process(entry);
    String late = new CommonProcessors.PutIfAbsent(new JsonObject().put("retracted", false).encode()).process(entry);

    assertThat(new JsonObject(late).getBoolean("retracted")).isTrue();
    assertThat(value(entry).getBoolean("retracted")).isTrue();
  }

  @Test
  void shouldHandASagaOverOnlyFromTheOwnerTheClaimerSaw() {
    SagaLog log = SagaLog.start("wf1", "a1", new SagaLog.Owner("id-a", "node-a"), 1);
    var entry = entry("wf1", log.toJson());

    String claimed = new SagaStore.Claim("id-a", new SagaLog.Owner("id-b", "node-b"), 2).process(entry);
    String again = new SagaStore.Claim("id-a", new SagaLog.Owner("id-c", "node-c"), 3).process(entry);

    assertThat(SagaLog.of(claimed).ownerNode()).isEqualTo("id-b");
    assertThat(again).isNull();
    assertThat(new SagaStore.WriteIfOwner("id-a", log.toJson().encode()).process(entry)).isFalse();
    assertThat(SagaLog.of(value(entry)).ownerNode()).isEqualTo("id-b");
  }

  @Test
  void shouldNeverMoveACheckpointBack() {
    Map.Entry<String, Long> checkpoint = new AbstractMap.SimpleEntry<>("p", null);

    new CommonProcessors.RaiseTo(10).process(checkpoint);
    new CommonProcessors.RaiseTo(4).process(checkpoint);

    assertThat(checkpoint.getValue()).isEqualTo(10);
  }
}
