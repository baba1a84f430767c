package io.reactivemesh.publishing;

import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.partition.PartitionLostEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The partitions of the articles map whose every copy was lost when the cluster split, until a merge brings their
 * entries back: a read that finds no article there cannot tell "never created" from "held by the other side", so
 * the articles service answers 503 instead of a false 404.
 *
 * <p>A side that loses both replicas of a partition (a member left alone by a three-way split has no copy of about a
 * third of the partitions) marks it in {@link Publishing#LOST_PARTITIONS_MAP}. When the sides merge, each
 * member that merges into the other side brings the partitions it owned and still held; once Hazelcast has merged
 * them ({@code MERGED}) it removes their marks. The marks of the side that merges in are discarded (the map's merge
 * policy keeps the surviving side's), and every mark expires after the map's time to live, so a partition whose
 * data never comes back answers 404 again after a bounded time. One instance per member, made by {@link #of}.
 */
final class LostPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(LostPartitions.class);
  private static final String USER_CONTEXT_KEY = LostPartitions.class.getName();

  private final HazelcastInstance hazelcast;
  private final IMap<Integer, Long> marks;
  private final int articlesBackups;
  private final long markMillis;
  /** The partitions this member saw lost on its side since it last merged, and when. */
  private final Map<Integer, Long> lostHere = new ConcurrentHashMap<>();
  /** What this member brings into the cluster it merges into, fixed when the merge starts. */
  private volatile Set<Integer> bringing = Set.of();

  private LostPartitions(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.marks = hazelcast.getMap(Publishing.LOST_PARTITIONS_MAP);
    MapConfig articles = hazelcast.getConfig().getMapConfig(Publishing.ARTICLES_MAP);
    this.articlesBackups = articles.getBackupCount() + articles.getAsyncBackupCount();
    this.markMillis = TimeUnit.SECONDS.toMillis(
      hazelcast.getConfig().getMapConfig(Publishing.LOST_PARTITIONS_MAP).getTimeToLiveSeconds());
  }

  /** This member's instance, made and registered with Hazelcast on first use; blocks (call it on a worker). */
  static LostPartitions of(HazelcastInstance hazelcast) {
    return (LostPartitions) hazelcast.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, key -> {
      LostPartitions lost = new LostPartitions(hazelcast);
      hazelcast.getPartitionService().addPartitionLostListener(lost::onPartitionLost);
      hazelcast.getLifecycleService().addLifecycleListener(lost::onLifecycle);
      return lost;
    });
  }

  /** Whether the partition of {@code key} lost its data and has not had it merged back; completes on {@code context}. */
  Future<Boolean> isLost(Object key, Context context) {
    int partition = hazelcast.getPartitionService().getPartition(key).getPartitionId();
    return ClusterCalls.await(marks.getAsync(partition), context).map(Objects::nonNull);
  }

  /**
   * A partition lost replicas: the articles in it are gone from this side when the owner and all its backups are
   * ({@code getLostBackupCount()} counts the lost backups, 0 when only the owner went and a backup took over).
   */
  void onPartitionLost(PartitionLostEvent event) {
    if (event.getLostBackupCount() < articlesBackups) {
      return;
    }
    int partition = event.getPartitionId();
    long now = System.currentTimeMillis();
    boolean first = lostHere.isEmpty();
    lostHere.put(partition, now);
    warnIfFailed(marks.setAsync(partition, now), "partition {} of the articles lost every copy; marking it failed: {}",
      partition);
    if (first) {
      LOG.warn("partitions of the articles lost every copy on this side (split, or members lost at once), the first "
        + "{}: a read missing there answers 503 until a merge brings them back", partition);
    } else {
      LOG.debug("partition {} of the articles lost every copy", partition);
    }
  }

  void onLifecycle(LifecycleEvent event) {
    switch (event.getState()) {
      case MERGING -> bringing = ownedAndHeld();
      case MERGED -> forgetBroughtBack(bringing);
      default -> {
      }
    }
  }

  /** Removes the marks of partitions whose entries this member merged into its new cluster. */
  void forgetBroughtBack(Set<Integer> partitions) {
    int lost = lostHere.size();
    lostHere.clear();
    bringing = Set.of();
    partitions.forEach(partition -> warnIfFailed(marks.removeAsync(partition),
      "partition {} of the articles is back but its mark stays: {}", partition));
    LOG.info("merged into the cluster: the articles of {} partition(s) held here are back ({} lost here before)",
      partitions.size(), lost);
  }

  /**
   * Logs {@code warning} if the write to a mark fails. The callback runs on the thread that completes the write: left
   * to Hazelcast's default executor it would get a thread of its own on 2 CPUs, one per partition of a split.
   */
  private static void warnIfFailed(CompletionStage<?> write, String warning, int partition) {
    write.whenCompleteAsync((v, e) -> {
      if (e != null) {
        LOG.warn(warning, partition, e.toString());
      }
    }, Runnable::run);
  }

  /**
   * The partitions this member owns and did not lose (as long as a mark lasts): what its merge brings to the other
   * side.
   */
  private Set<Integer> ownedAndHeld() {
    long since = System.currentTimeMillis() - markMillis;
    return hazelcast.getPartitionService().getPartitions().stream()
      .filter(p -> p.getOwner() != null && p.getOwner().localMember())
      .map(Partition::getPartitionId)
      .filter(id -> lostHere.getOrDefault(id, Long.MIN_VALUE) < since)
      .collect(Collectors.toUnmodifiableSet());
  }
}
