package io.reactivemesh.publishing;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.partition.Partition;
import com.hazelcast.query.Predicates;
import com.hazelcast.partition.PartitionLostEvent;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The partitions of the articles map that a split has put in doubt while it heals: those whose every copy was lost on
 * this side, where a miss cannot tell "never created" from "held by the other side", and those a member merging in
 * brings, where the entry here may be older than the one on its way. The articles answer 503 there, not a false 404
 * or a stale copy that a compare-and-set could build on and the merge would then drop.
 *
 * <p>A side that loses both replicas of a partition (a member left alone by a three-way split has no copy of about a
 * third of the partitions) marks it in {@link Publishing#LOST_PARTITIONS_MAP}. A member that merges into the other
 * side marks, in {@link Publishing#MERGING_PARTITIONS_MAP} as soon as it has joined, the partitions it owns and holds
 * and wrote an article in since its side began to lose members (less the time it takes to notice a silent member:
 * the writes a side may take before it knows it is cut off); the others it brings hold nothing newer than the
 * cluster it joins, and stay served (each member notes, as owner, when it last wrote an article of each partition).
 * Once Hazelcast has merged them ({@code MERGED}) it removes those marks and the lost marks of all the partitions it
 * brought. Several members may bring the same partition (a three-way split merges twice): it stays in doubt until the
 * last is done. The marks of a side that merges in are discarded (the maps' merge policy keeps the surviving side's), and
 * every mark expires after the maps' time to live, so a partition whose data never comes back is served again after a
 * bounded time. Each member keeps a copy of both maps' keys, kept current by entry listeners, so asking costs a read
 * and a write nothing. One instance per member, made by {@link #of}.
 */
final class HealingPartitions {

  private static final Logger LOG = LoggerFactory.getLogger(HealingPartitions.class);
  private static final String USER_CONTEXT_KEY = HealingPartitions.class.getName();
  private static final long JOIN_POLL_MILLIS = 20;

  private final HazelcastInstance hazelcast;
  private final IMap<Integer, Long> lostMarks;
  private final IMap<String, Long> mergingMarks;
  private final int articlesBackups;
  private final long markMillis;
  /** This member's copy of the keys of both maps: partition -> marks on it (a lost mark is its partition number). */
  private final Map<Integer, Set<Object>> lost = new ConcurrentHashMap<>();
  private final Map<Integer, Set<Object>> merging = new ConcurrentHashMap<>();
  private final Map<UUID, IMap<?, ?>> listeners = new ConcurrentHashMap<>();
  /** The partitions this member saw lost on its side since it last merged, and when. */
  private final Map<Integer, Long> lostHere = new ConcurrentHashMap<>();
  /** What this member brings into the cluster it merges into, fixed when the merge starts, and its marks' writing. */
  private volatile Set<Integer> bringing = Set.of();
  private volatile CompletableFuture<Set<String>> bringingMarked = CompletableFuture.completedFuture(Set.of());
  /** When this member last applied a write to an article of each partition it owned (ms; 0: not since start). */
  private final AtomicLongArray lastWrite;
  private final long noticeMillis;
  private IMap<String, ?> trackedArticles;
  /** Since when this member's side has been losing members (0: whole), and its size before. */
  private volatile long degradedSince;
  private volatile int sizeBefore;
  /** Whether the merge under way has ended (a failed one never joins: its marks are then never written). */
  private volatile boolean mergeEnded = true;

  private HealingPartitions(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
    this.lostMarks = hazelcast.getMap(Publishing.LOST_PARTITIONS_MAP);
    this.mergingMarks = hazelcast.getMap(Publishing.MERGING_PARTITIONS_MAP);
    MapConfig articles = hazelcast.getConfig().getMapConfig(Publishing.ARTICLES_MAP);
    this.articlesBackups = articles.getBackupCount() + articles.getAsyncBackupCount();
    this.markMillis = TimeUnit.SECONDS.toMillis(
      hazelcast.getConfig().getMapConfig(Publishing.LOST_PARTITIONS_MAP).getTimeToLiveSeconds());
    this.lastWrite = new AtomicLongArray(hazelcast.getPartitionService().getPartitions().size());
    this.noticeMillis = new HazelcastProperties(hazelcast.getConfig()).getMillis(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS);
  }

  /** This member's instance, made and registered with Hazelcast on first use; blocks (call it on a worker). */
  static HealingPartitions of(HazelcastInstance hazelcast) {
    return (HealingPartitions) hazelcast.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, key -> {
      HealingPartitions healing = new HealingPartitions(hazelcast);
      healing.follow();
      hazelcast.getCluster().addMembershipListener(healing.new Degradation());
      hazelcast.getPartitionService().addPartitionLostListener(healing::onPartitionLost);
      hazelcast.getLifecycleService().addLifecycleListener(healing::onLifecycle);
      return healing;
    });
  }

  /** Whether the partition of {@code key} is being merged in: what this side holds there may be older. */
  boolean merging(Object key) {
    return !merging.isEmpty() && merging.containsKey(partitionOf(key));
  }

  /** Whether a miss of {@code key} cannot be trusted: its partition lost every copy here, or is being merged in. */
  boolean inDoubt(Object key) {
    if (lost.isEmpty() && merging.isEmpty()) {
      return false;
    }
    int partition = partitionOf(key);
    return lost.containsKey(partition) || merging.containsKey(partition);
  }

  /**
   * A partition lost replicas: the articles in it are gone from this side when the owner and all its backups are
   * ({@code getLostBackupCount()} counts the lost backups, 0 when only the owner went and a backup took over).
   */
  synchronized void onPartitionLost(PartitionLostEvent event) {
    if (event.getLostBackupCount() < articlesBackups) {
      return;
    }
    int partition = event.getPartitionId();
    long now = System.currentTimeMillis();
    boolean first = lostHere.isEmpty();
    lostHere.put(partition, now);
    warnIfFailed(lostMarks.setAsync(partition, now), "partition {} of the articles lost every copy; marking it failed: {}",
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
      case MERGING -> startMerge();
      case MERGED, MERGE_FAILED -> endMerge();
      default -> {
      }
    }
  }

  /**
   * The merge starts (this member still in its old cluster): fixes what it brings, and marks it as merging in the new
   * cluster as soon as this member has joined it, before most of its entries arrive there.
   */
  private void startMerge() {
    Set<Integer> held = ownedAndHeld();
    Set<Integer> written = writtenSinceDegraded(held);
    Set<UUID> oldMembers = hazelcast.getCluster().getMembers().stream().map(Member::getUuid)
      .collect(Collectors.toUnmodifiableSet());
    bringing = held;
    mergeEnded = false;
    bringingMarked = CompletableFuture.supplyAsync(() -> {
      awaitJoined(oldMembers);
      return markMerging(written, UUID.randomUUID().toString());
    }, HealingPartitions::startDaemon);
  }

  private static void startDaemon(Runnable task) {
    Thread thread = new Thread(task, "healing-partitions-merge");
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes a merging mark per partition; answers the marks' keys. */
  Set<String> markMerging(Set<Integer> partitions, String mergeId) {
    long now = System.currentTimeMillis();
    Map<String, Long> marks = partitions.stream()
      .collect(Collectors.toMap(partition -> partition + "/" + mergeId, partition -> now));
    mergingMarks.putAll(marks);
    LOG.info("merging into the cluster: {} partition(s) of the articles written here since the split are marked merging "
      + "(reads and writes there answer 503 until the merge is done)", partitions.size());
    return marks.keySet();
  }

  /** The merge is done (or failed): the partitions it brought are no longer in doubt, unless another member brings them. */
  private void endMerge() {
    mergeEnded = true;
    degradedSince = 0;
    Set<String> marked = bringingMarked.exceptionally(e -> {
      LOG.warn("marking the partitions merged in failed: {}", e.toString());
      return Set.of();
    }).join();
    forgetBroughtBack(bringing, marked);
    try {
      refollow();
    } catch (RuntimeException e) {
      LOG.warn("reloading the marks after the merge failed: {}", e.toString());
    }
  }

  /** Removes the merging marks of this member's merge, and the lost marks of the partitions whose entries it brought. */
  void forgetBroughtBack(Set<Integer> partitions, Set<String> mergingKeys) {
    int lostBefore = lostHere.size();
    lostHere.clear();
    bringing = Set.of();
    bringingMarked = CompletableFuture.completedFuture(Set.of());
    partitions.forEach(partition -> warnIfFailed(lostMarks.removeAsync(partition),
      "partition {} of the articles is back but its lost mark stays: {}", partition));
    mergingKeys.forEach(key -> warnIfFailed(mergingMarks.removeAsync(key),
      "partition {} of the articles is merged but its merging mark stays: {}", key));
    LOG.info("merged into the cluster: the articles of {} partition(s) held here are back ({} lost here before)",
      partitions.size(), lostBefore);
  }

  /**
   * Notes from now on when this member, as an article's owner, writes it; once per member (the articles map's proxy
   * exists only once the quorum is there: its indexes are writes on a protected map).
   */
  synchronized void trackWrites(IMap<String, ?> articles) {
    if (trackedArticles == null) {
      trackedArticles = articles;
      listenToWrites(articles);
    }
  }

  /** Listens to both maps (and the articles, once tracked) and loads their keys: this member's copy of the marks. */
  private synchronized void follow() {
    listeners.put(lostMarks.addEntryListener(new Follower<Integer>(lost, partition -> partition), false), lostMarks);
    listeners.put(mergingMarks.addEntryListener(new Follower<String>(merging, HealingPartitions::partitionOfMark), false),
      mergingMarks);
    if (trackedArticles != null) {
      listenToWrites(trackedArticles);
    }
    lostMarks.keySet().forEach(partition -> add(lost, partition, partition));
    mergingMarks.keySet().forEach(key -> add(merging, partitionOfMark(key), key));
  }

  private void listenToWrites(IMap<String, ?> articles) {
    listeners.put(articles.addLocalEntryListener(new WriteTracker(), Predicates.alwaysTrue(), false), articles);
  }

  /** After a merge this member is in another cluster: its copy of the marks starts again from that cluster's. */
  private synchronized void refollow() {
    listeners.forEach((id, map) -> map.removeEntryListener(id));
    listeners.clear();
    lost.clear();
    merging.clear();
    follow();
  }

  /**
   * Waits until this member belongs to a cluster with a member it did not have before the merge; gives up when the
   * merge ends without that (it failed).
   */
  private void awaitJoined(Set<UUID> oldMembers) {
    while (hazelcast.getCluster().getMembers().stream().allMatch(m -> m.localMember() || oldMembers.contains(m.getUuid()))) {
      if (mergeEnded) {
        throw new IllegalStateException("the merge ended before this member joined another cluster");
      }
      try {
        Thread.sleep(JOIN_POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting to join", e);
      }
    }
  }

  /**
   * Logs {@code warning} if the write to a mark fails. The callback runs on the thread that completes the write: left
   * to Hazelcast's default executor it would get a thread of its own on 2 CPUs, one per partition of a split.
   */
  private static void warnIfFailed(CompletionStage<?> write, String warning, Object mark) {
    write.whenCompleteAsync((v, e) -> {
      if (e != null) {
        LOG.warn(warning, mark, e.toString());
      }
    }, Runnable::run);
  }

  /**
   * The partitions this member owns and did not lose (as long as a mark lasts): what its merge brings to the other
   * side.
   */
  private Set<Integer> ownedAndHeld() {
    long lostSince = System.currentTimeMillis() - markMillis;
    return hazelcast.getPartitionService().getPartitions().stream()
      .filter(p -> p.getOwner() != null && p.getOwner().localMember())
      .map(Partition::getPartitionId)
      .filter(id -> lostHere.getOrDefault(id, Long.MIN_VALUE) < lostSince)
      .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Of {@code partitions}, those this member wrote an article in since its side began to lose members, less the time
   * it takes to notice a silent one (all it wrote in lately if it never lost one: a merge without a loss is not
   * expected): the ones that may hold something newer than the cluster it joins.
   */
  private Set<Integer> writtenSinceDegraded(Set<Integer> partitions) {
    long now = System.currentTimeMillis();
    long degraded = degradedSince;
    long since = (degraded == 0 ? now - markMillis : degraded) - noticeMillis;
    return partitions.stream().filter(id -> lastWrite.get(id) >= since).collect(Collectors.toUnmodifiableSet());
  }

  /** Notes when this member's side begins to lose members, and when it has its size back. */
  private final class Degradation implements MembershipListener {
    @Override
    public void memberRemoved(MembershipEvent event) {
      if (degradedSince == 0) {
        sizeBefore = event.getMembers().size() + 1;
        degradedSince = System.currentTimeMillis();
      }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
      if (degradedSince != 0 && event.getMembers().size() >= sizeBefore) {
        degradedSince = 0;
      }
    }
  }

  /** Notes, on the member that owns an article, when it was last created, changed or removed. */
  private final class WriteTracker implements EntryAddedListener<String, Object>, EntryUpdatedListener<String, Object>,
    EntryRemovedListener<String, Object> {

    @Override
    public void entryAdded(EntryEvent<String, Object> event) {
      wrote(event.getKey());
    }

    @Override
    public void entryUpdated(EntryEvent<String, Object> event) {
      wrote(event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<String, Object> event) {
      wrote(event.getKey());
    }

    private void wrote(String id) {
      lastWrite.set(partitionOf(id), System.currentTimeMillis());
    }
  }

  private int partitionOf(Object key) {
    return hazelcast.getPartitionService().getPartition(key).getPartitionId();
  }

  private static int partitionOfMark(String key) {
    return Integer.parseInt(key.substring(0, key.indexOf('/')));
  }

  private static void add(Map<Integer, Set<Object>> marks, int partition, Object key) {
    marks.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet()).add(key);
  }

  private static void remove(Map<Integer, Set<Object>> marks, int partition, Object key) {
    marks.computeIfPresent(partition, (p, keys) -> {
      keys.remove(key);
      return keys.isEmpty() ? null : keys;
    });
  }

  /** Keeps one map's keys in this member's copy, by partition. */
  private static final class Follower<K> implements EntryAddedListener<K, Long>, EntryRemovedListener<K, Long>,
    EntryExpiredListener<K, Long>, EntryEvictedListener<K, Long> {

    private final Map<Integer, Set<Object>> marks;
    private final Function<K, Integer> partitionOf;

    Follower(Map<Integer, Set<Object>> marks, Function<K, Integer> partitionOf) {
      this.marks = marks;
      this.partitionOf = partitionOf;
    }

    @Override
    public void entryAdded(EntryEvent<K, Long> event) {
      add(marks, partitionOf.apply(event.getKey()), event.getKey());
    }

    @Override
    public void entryRemoved(EntryEvent<K, Long> event) {
      remove(marks, partitionOf.apply(event.getKey()), event.getKey());
    }

    @Override
    public void entryExpired(EntryEvent<K, Long> event) {
      entryRemoved(event);
    }

    @Override
    public void entryEvicted(EntryEvent<K, Long> event) {
      entryRemoved(event);
    }
  }
}
