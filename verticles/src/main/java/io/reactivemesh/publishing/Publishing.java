package io.reactivemesh.publishing;

/**
 * Names shared by the publishing services: their mesh service names, the Hazelcast structures that hold their state
 * (configured in cluster-config/*.xml), and the event-bus addresses they publish on.
 */
public final class Publishing {

  public static final String ARTICLES_SERVICE = "articles";
  public static final String FEED_SERVICE = "feed";
  public static final String STATS_SERVICE = "stats";
  public static final String NOTIFY_SERVICE = "notify";
  public static final String WORKFLOW_SERVICE = "workflow";

  /** Article id -> article document (JSON); synchronous backups, split-brain protected. */
  public static final String ARTICLES_MAP = "articles";
  /**
   * Partition id -> when it was marked: the partitions of the articles map that lost every copy in a split and have
   * not been merged back ({@link HealingPartitions}); entries expire (TTL).
   */
  public static final String LOST_PARTITIONS_MAP = "articles-lost-partitions";
  /**
   * "partition/merge id" -> when it was marked: the partitions of the articles map that a member merging in after a
   * split brings, until its merge is done ({@link HealingPartitions}); entries expire (TTL).
   */
  public static final String MERGING_PARTITIONS_MAP = "articles-merging-partitions";
  /** Idempotency-Key of a create -> the article id it stands for and the first reply; entries expire (TTL). */
  public static final String ARTICLE_KEYS_MAP = "articles-idempotency";
  /** Saga id -> saga log (JSON) of a publish workflow. */
  public static final String WORKFLOWS_MAP = "workflows";
  /** Idempotency-Key of a publish -> the workflow it started; entries expire (TTL). */
  public static final String WORKFLOW_KEYS_MAP = "workflows-idempotency";
  /** Article id -> feed entry (JSON), the projection of the feed events. */
  public static final String FEED_MAP = "feed";
  /** Projector name -> sequence of the last feed event it applied. */
  public static final String CHECKPOINTS_MAP = "feed-checkpoints";
  /** The feed's durable event log: {@code article.published} / {@code article.unpublished}, in order. */
  public static final String FEED_EVENTS_RINGBUFFER = "feed-events";
  /** Workflow id -> the notification sent for it (JSON). */
  public static final String NOTIFICATIONS_MAP = "notifications";
  /**
   * Article id -> views counted, one slot per node ({@link ViewCount}); synchronous backups, split-brain protected. Not
   * a PN counter: it acknowledges an increment one member holds alone until its next replication, so a {@code kill -9}
   * lost acknowledged views (drill).
   */
  public static final String VIEWS_MAP = "article-views";

  /** Published after the feed projector applied a batch of events: {fromSequence, toSequence, changes[]}. */
  public static final String FEED_CHANGED_ADDRESS = "mesh.publishing.feed-changed";
  /** Published when a publish workflow reaches a final state: {workflowId, articleId, state}. */
  public static final String WORKFLOW_ENDED_ADDRESS = "mesh.publishing.workflow-ended";
  /** Published when an article is announced, and again (retracted=true) when the announcement is withdrawn. */
  public static final String ANNOUNCED_ADDRESS = "mesh.publishing.article-announced";

  private Publishing() {
  }
}
