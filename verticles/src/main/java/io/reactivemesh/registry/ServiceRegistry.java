package io.reactivemesh.registry;

import io.reactivemesh.node.ClusterView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import io.vertx.servicediscovery.ServiceDiscoveryOptions;
import io.vertx.servicediscovery.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The node's registry of service instances, behind vertx-service-discovery: publishes and unpublishes this node's
 * instances, and keeps a local cache of every live instance in the mesh, current from discovery announcements on
 * {@link #ANNOUNCE_ADDRESS} and emptied of a node's instances the moment that node leaves the cluster. It heals itself
 * after a split (a node frozen or cut off, then back): a record of its own that someone removed while its instance
 * lives is published again, and when a member joins the cache is reloaded from the shared store.
 */
public final class ServiceRegistry implements Shareable {

  public static final String ANNOUNCE_ADDRESS = "mesh.registry.announce";
  static final String LOCAL_MAP = "mesh.registry";
  static final String KEY = "registry";
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);

  private final ServiceDiscovery discovery;
  private final ClusterView cluster;
  private final Map<String, ServiceRecord> byInstance = new ConcurrentHashMap<>();
  private final Map<String, String> ownRegistrations = new ConcurrentHashMap<>();
  /** This node's published instances, to publish again if their records are removed while they live. */
  private final Map<String, ServiceRecord> ownRecords = new ConcurrentHashMap<>();
  /** Instances grouped by service, rebuilt on every change so that lookups on the hot path copy nothing. */
  private volatile Map<String, List<ServiceRecord>> byService = Map.of();
  private MessageConsumer<JsonObject> announcements;

  private ServiceRegistry(ServiceDiscovery discovery, ClusterView cluster) {
    this.discovery = discovery;
    this.cluster = cluster;
  }

  /** The registry of the node that owns {@code vertx}. */
  public static ServiceRegistry of(Vertx vertx) {
    ServiceRegistry registry = (ServiceRegistry) vertx.sharedData().getLocalMap(LOCAL_MAP).get(KEY);
    if (registry == null) {
      throw new IllegalStateException("no service registry on this node: RegistryVerticle is not deployed");
    }
    return registry;
  }

  /** Creates the node's registry on {@code context}: subscribes to announcements and membership, then loads all records. */
  static Future<ServiceRegistry> start(Vertx vertx, Context context, ClusterView cluster) {
    ServiceDiscovery discovery = ServiceDiscovery.create(vertx,
      new ServiceDiscoveryOptions().setAnnounceAddress(ANNOUNCE_ADDRESS).setName("mesh"));
    ServiceRegistry registry = new ServiceRegistry(discovery, cluster);
    registry.announcements = vertx.eventBus().consumer(ANNOUNCE_ADDRESS, msg -> registry.onAnnouncement(msg.body()));
    cluster.onMembershipChange(context, change -> {
      if (change.joined()) {
        registry.resync();
      } else {
        registry.evictNode(change.nodeId(), change.name());
      }
    });
    return registry.announcements.completion()
      .compose(v -> discovery.getRecords(r -> true))
      .map(records -> {
        records.forEach(registry::cache);
        registry.evictNonMembers();
        vertx.sharedData().getLocalMap(LOCAL_MAP).put(KEY, registry);
        return registry;
      });
  }

  /** Publishes one instance of this node; it is in every node's cache once the announcement arrives. */
  public Future<ServiceRecord> publish(String service, String instanceId, String version, JsonObject metadata) {
    ClusterView.MemberInfo self = cluster.localMember();
    ServiceRecord record = new ServiceRecord(service, instanceId, self.nodeId(), self.name(),
      ServiceRecord.addressOf(service, instanceId), version, metadata);
    ownRecords.put(instanceId, record);
    return publishOwn(record);
  }

  private Future<ServiceRecord> publishOwn(ServiceRecord record) {
    return discovery.publish(record.toDiscoveryRecord()).map(published -> {
      if (ownRecords.containsKey(record.instanceId())) {
        ownRegistrations.put(record.instanceId(), published.getRegistration());
        cacheRecord(record);
      }
      return record;
    });
  }

  /** Removes one of this node's instances from the mesh. */
  public Future<Void> unpublish(String instanceId) {
    ownRecords.remove(instanceId);
    String registration = ownRegistrations.remove(instanceId);
    evict(instanceId);
    return registration == null ? Future.succeededFuture() : discovery.unpublish(registration);
  }

  /**
   * Withdraws every instance of this node from the mesh, the first step of a clean stop: callers stop choosing them
   * while they still answer, so that none is sent to a consumer already gone (the clustered event bus drops such a
   * message, and its caller waits for its deadline).
   */
  public Future<Void> unpublishOwn() {
    return Future.join(List.copyOf(ownRecords.keySet()).stream().map(this::unpublish).toList()).mapEmpty();
  }

  /** The live instances of {@code service}, as this node sees them. */
  public List<ServiceRecord> instances(String service) {
    return byService.getOrDefault(service, List.of());
  }

  /** Every live instance this node knows, by service. */
  public Map<String, List<ServiceRecord>> all() {
    return byService;
  }

  /** Whether every instance published by this node is in its cache (readiness). */
  public boolean ownInstancesRegistered() {
    return ownRegistrations.keySet().stream().allMatch(byInstance::containsKey);
  }

  /**
   * Removes from the shared discovery store the records of nodes that are no longer members (Vert.x discovery keeps a
   * crashed node's records forever); run by the mesh's one {@link RegistryReaperVerticle}.
   */
  Future<Integer> reapDeparted() {
    return discovery.getRecords(r -> true, true).compose(records -> {
      List<Future<Void>> removals = new ArrayList<>();
      for (Record record : records) {
        ServiceRecord service = ServiceRecord.fromDiscoveryRecord(record);
        if (service != null && !cluster.isMember(service.nodeId()) && record.getRegistration() != null) {
          removals.add(discovery.unpublish(record.getRegistration()).recover(e -> Future.succeededFuture()));
        }
      }
      return Future.join(removals).map(removals.size());
    });
  }

  Future<Void> close() {
    return unpublishOwn()
      .transform(ar -> announcements.unregister())
      .onComplete(ar -> discovery.close());
  }

  private void onAnnouncement(JsonObject json) {
    Record record = new Record(json);
    if (record.getStatus() == Status.UP) {
      cache(record);
      return;
    }
    ServiceRecord service = ServiceRecord.fromDiscoveryRecord(record);
    if (service == null) {
      return;
    }
    ServiceRecord own = ownRecords.get(service.instanceId());
    if (own == null) {
      evict(service.instanceId());
      return;
    }
    // an instance of this node lives: never evicted on another node's say-so; if a node that saw this one as gone
    // (frozen, or cut off) removed its record (a removal announces the record without its registration), the
    // resync publishes it again
    resync();
  }

  /**
   * After a member joins (a split healing, a node restarting) or another node removed a record of this one: publishes
   * again any own record the store lost, and reloads the cache from the store, so instances whose announcements were
   * missed while apart are known again.
   */
  private void resync() {
    discovery.getRecords(r -> true, true).onSuccess(records -> {
      Set<String> stored = records.stream().map(Record::getRegistration).collect(Collectors.toSet());
      ownRecords.values().stream()
        .filter(own -> !stored.contains(ownRegistrations.get(own.instanceId())))
        .forEach(own -> {
          LOG.warn("the record of live instance {} is missing from the store: publishing it again", own.instanceId());
          publishOwn(own).onFailure(e -> LOG.warn("could not publish instance {} again: {}", own.instanceId(), e.getMessage()));
        });
      records.forEach(this::cache);
    }).onFailure(e -> LOG.warn("could not reload the service records after a member joined: {}", e.getMessage()));
  }

  private void cache(Record record) {
    ServiceRecord service = ServiceRecord.fromDiscoveryRecord(record);
    if (service != null && record.getStatus() == Status.UP && cluster.isMember(service.nodeId())) {
      cacheRecord(service);
    }
  }

  private void cacheRecord(ServiceRecord record) {
    byInstance.put(record.instanceId(), record);
    rebuild();
  }

  private void evict(String instanceId) {
    if (byInstance.remove(instanceId) != null) {
      rebuild();
    }
  }

  private void evictNode(String nodeId, String nodeName) {
    Set<String> gone = byInstance.values().stream()
      .filter(r -> r.nodeId().equals(nodeId)).map(ServiceRecord::instanceId).collect(Collectors.toSet());
    if (!gone.isEmpty()) {
      gone.forEach(byInstance::remove);
      rebuild();
      LOG.info("node {} left: dropped its {} service instance(s) from this node's cache", nodeName, gone.size());
    }
  }

  private void evictNonMembers() {
    Set<String> stale = byInstance.values().stream()
      .filter(r -> !cluster.isMember(r.nodeId())).map(ServiceRecord::nodeId).collect(Collectors.toSet());
    stale.forEach(nodeId -> evictNode(nodeId, nodeId));
  }

  private synchronized void rebuild() {
    byService = byInstance.values().stream().collect(Collectors.collectingAndThen(
      Collectors.groupingBy(ServiceRecord::service, Collectors.toUnmodifiableList()), Map::copyOf));
  }
}
