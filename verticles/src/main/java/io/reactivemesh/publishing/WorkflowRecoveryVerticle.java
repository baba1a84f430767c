package io.reactivemesh.publishing;

import io.reactivemesh.client.MeshClient;
import io.reactivemesh.node.ClusterView;
import io.reactivemesh.node.NodeRuntime;
import io.reactivemesh.node.SingletonVerticle;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The workflow recovery, a singleton (Vert.x HA moves it to a survivor when its node dies): finds the publish sagas
 * still running or compensating whose owner node left the cluster — or whose log has not moved for
 * {@code staleAfterMillis} — takes each over by compare-and-set on its owner and drives it to its end here, resuming
 * at the step it was in (steps are idempotent) or continuing its compensations. It scans when it starts, when a member
 * leaves, and every {@code scanIntervalMillis}.
 */
public class WorkflowRecoveryVerticle extends SingletonVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(WorkflowRecoveryVerticle.class);

  private WorkflowConfig config;
  private ClusterView cluster;
  private SagaStore store;
  private SagaOrchestrator orchestrator;
  private SagaLog.Owner owner;
  private final Set<String> driving = new HashSet<>();
  private boolean active;
  private boolean scanning;
  private boolean rescan;
  private long timerId = -1;

  @Override
  protected Future<?> startSingleton() {
    try {
      config = WorkflowConfig.from(config(), "WorkflowRecoveryVerticle config");
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    cluster = NodeRuntime.of(vertx).cluster();
    owner = new SagaLog.Owner(cluster.localMember().nodeId(), cluster.localMember().name());
    store = new SagaStore(vertx, context, cluster.hazelcast());
    orchestrator = new SagaOrchestrator(vertx, store, new PublishSteps(MeshClient.of(vertx)), config);
    cluster.onMembershipChange(context, change -> {
      if (!change.joined()) {
        scan();
      }
    });
    timerId = vertx.setPeriodic(config.scanIntervalMillis(), id -> scan());
    active = true;
    scan();
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> stopSingleton() {
    // the membership listener stays registered with the node: once handed over, this instance must not claim sagas
    active = false;
    vertx.cancelTimer(timerId);
    orchestrator.stop();
    return Future.succeededFuture();
  }

  private void scan() {
    // below the quorum nothing can be taken over (a claim is a write): the next member change or tick scans again
    if (!active || !QuorumFunction.satisfied(cluster.hazelcast())) {
      return;
    }
    if (scanning) {
      rescan = true;
      return;
    }
    scanning = true;
    store.unfinished()
      .onSuccess(this::recoverOrphans)
      .onFailure(e -> LOG.warn("workflow recovery could not list unfinished sagas: {}", e.getMessage()))
      .onComplete(ar -> {
        scanning = false;
        if (rescan) {
          rescan = false;
          scan();
        }
      });
  }

  private void recoverOrphans(List<SagaLog> unfinished) {
    if (!active) {
      return;
    }
    long now = System.currentTimeMillis();
    for (SagaLog log : unfinished) {
      boolean ownerGone = !cluster.isMember(log.ownerNode());
      boolean stalled = now - log.updatedAt() > config.staleAfterMillis();
      if ((ownerGone || stalled) && !driving.contains(log.id())) {
        recover(log, ownerGone ? "its node " + log.ownerName() + " left the cluster" : "it has not moved for "
          + (now - log.updatedAt()) + " ms");
      }
    }
  }

  private void recover(SagaLog orphan, String reason) {
    driving.add(orphan.id());
    store.claim(orphan, owner, System.currentTimeMillis())
      .compose(claimed -> {
        if (claimed == null) {
          return Future.succeededFuture();
        }
        LOG.info("workflow {} ({}, next: {}) taken over on {}: {}", claimed.id(), claimed.state().label(),
          claimed.next(), owner.nodeName(), reason);
        return orchestrator.drive(claimed);
      })
      .onComplete(ar -> driving.remove(orphan.id()));
  }
}
