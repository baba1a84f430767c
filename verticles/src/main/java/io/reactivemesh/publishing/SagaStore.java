package io.reactivemesh.publishing;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * The saga logs ({@link Publishing#WORKFLOWS_MAP}, synchronous backup): a log is written only by the node that owns it
 * (checked atomically on the key's partition), and another node takes a saga over by a compare-and-set on the owner, so
 * two nodes never drive one saga even when an owner thought dead is only slow.
 */
final class SagaStore {

  /** Writes the log if {@code owner} still owns the stored one; answers whether it wrote. */
  static final class WriteIfOwner implements EntryProcessor<String, HazelcastJsonValue, Boolean> {

    private final String owner;
    private final String log;

    WriteIfOwner(String owner, String log) {
      this.owner = owner;
      this.log = log;
    }

    @Override
    public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
      if (entry.getValue() == null || !owner.equals(SagaLog.of(entry.getValue().toString()).ownerNode())) {
        return false;
      }
      entry.setValue(new HazelcastJsonValue(log));
      return true;
    }
  }

  /** Hands an unfinished saga to {@code owner} if {@code formerOwner} still holds it; answers the new log or null. */
  static final class Claim implements EntryProcessor<String, HazelcastJsonValue, String> {

    private final String formerOwner;
    private final String ownerNode;
    private final String ownerName;
    private final long now;

    Claim(String formerOwner, SagaLog.Owner owner, long now) {
      this.formerOwner = formerOwner;
      this.ownerNode = owner.node();
      this.ownerName = owner.nodeName();
      this.now = now;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      if (entry.getValue() == null) {
        return null;
      }
      SagaLog log = SagaLog.of(entry.getValue().toString());
      if (log.state().finished() || !formerOwner.equals(log.ownerNode())) {
        return null;
      }
      String claimed = log.ownedBy(new SagaLog.Owner(ownerNode, ownerName), now).toJson().encode();
      entry.setValue(new HazelcastJsonValue(claimed));
      return claimed;
    }
  }

  private final Vertx vertx;
  private final Context context;
  private final ClusterProxy<IMap<String, HazelcastJsonValue>> map;

  SagaStore(Vertx vertx, Context context, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.context = context;
    this.map = new ClusterProxy<>(vertx, hazelcast, Publishing.WORKFLOWS_MAP,
      () -> hazelcast.getMap(Publishing.WORKFLOWS_MAP),
      () -> QuorumFunction.satisfied(hazelcast));
  }

  Future<Void> warmUp() {
    return map.warmUp();
  }

  /** The saga's log, or null. */
  Future<SagaLog> get(String id) {
    return map.get().compose(m -> ClusterCalls.await(m.getAsync(id), context)).map(v -> v == null ? null : SagaLog.of(v.toString()));
  }

  /** Stores a new saga unless its id is taken; answers null when it stored it, else the log already there. */
  Future<SagaLog> createIfAbsent(SagaLog log) {
    return map.get().compose(m -> ClusterCalls.await(m.submitToKey(log.id(),
        new CommonProcessors.PutIfAbsent(log.toJson().encode())), context))
      .map(existing -> existing == null ? null : SagaLog.of(existing));
  }

  /** Writes the log as its owner; false when another node took the saga over. */
  Future<Boolean> write(SagaLog log) {
    return map.get().compose(m -> ClusterCalls.await(m.submitToKey(log.id(),
      new WriteIfOwner(log.ownerNode(), log.toJson().encode())), context));
  }

  Future<SagaLog> claim(SagaLog log, SagaLog.Owner owner, long now) {
    return map.get().compose(m -> ClusterCalls.await(m.submitToKey(log.id(), new Claim(log.ownerNode(), owner, now)),
        context))
      .map(claimed -> claimed == null ? null : SagaLog.of(claimed));
  }

  /** Every saga still running or compensating (a query: it runs on a worker). */
  Future<List<SagaLog>> unfinished() {
    return map.get().compose(m -> ClusterCalls.blocking(vertx, () -> List.copyOf(m.values(Predicates.in("state",
        SagaLog.State.RUNNING.label(), SagaLog.State.COMPENSATING.label())))))
      .map(values -> values.stream().map(v -> SagaLog.of(new JsonObject(v.toString()))).toList());
  }
}
