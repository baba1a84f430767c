package io.reactivemesh.publishing;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionService;
import io.reactivemesh.node.ClusterConfigFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

class QuorumFunctionTest {

  /** The event source only: the function reads the event's member. */
  private static final Cluster CLUSTER = proxy(Cluster.class, (method, args) -> null);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final QuorumFunction function = new QuorumFunction(now::get);
  private Member local;
  private Member peerA;
  private Member peerB;

  @BeforeEach
  void setUp() throws UnknownHostException {
    local = member(5701, true);
    peerA = member(5702, false);
    peerB = member(5703, false);
  }

  @Test
  void shouldCountOnlyTheMembersHeardFromWithinThreeHeartbeatIntervals() {
    function.setHazelcastInstance(hazelcast(2, "1"));
    function.onHeartbeat(peerA, now.get());
    function.onHeartbeat(peerB, now.get());
    List<Member> members = List.of(local, peerA, peerB);
    assertThat(function.apply(members)).isTrue();

    now.addAndGet(3_000);
    function.onHeartbeat(peerA, now.get());
    now.addAndGet(1);
    assertThat(function.apply(members)).as("B silent for 3 s, A heard: 2 of quorum 2").isTrue();

    now.addAndGet(3_000);
    assertThat(function.apply(members)).as("both peers silent for over 3 s: only this member is left").isFalse();

    function.onHeartbeat(peerB, now.get());
    assertThat(function.apply(members)).as("a heartbeat brings the quorum back").isTrue();
  }

  @Test
  void shouldDeriveTheToleranceFromTheHeartbeatInterval() {
    function.setHazelcastInstance(hazelcast(2, "2"));
    assertThat(function.toleranceMillis()).isEqualTo(6_000);
    function.setHazelcastInstance(hazelcast(2, null));
    assertThat(function.toleranceMillis()).as("Hazelcast's default interval of 5 s").isEqualTo(15_000);
  }

  @Test
  void shouldNeverCountMoreThanTheMembersThemselves() {
    function.setHazelcastInstance(hazelcast(2, "1"));
    function.onHeartbeat(peerA, now.get());
    assertThat(function.apply(List.of(local))).as("a heartbeat from a member no longer listed does not count").isFalse();
  }

  @Test
  void shouldCountAMemberThatJustJoinedAndForgetOneThatLeft() {
    function.setHazelcastInstance(hazelcast(2, "1"));
    function.memberAdded(new MembershipEvent(CLUSTER, peerA, MembershipEvent.MEMBER_ADDED, Set.of(local, peerA)));
    assertThat(function.apply(List.of(local, peerA))).isTrue();

    function.memberRemoved(new MembershipEvent(CLUSTER, peerA, MembershipEvent.MEMBER_REMOVED, Set.of(local)));
    assertThat(function.apply(List.of(local, peerA))).as("no heartbeat kept for a member that left").isFalse();
  }

  @Test
  void shouldLetALoneMemberWriteWhenTheQuorumIsOne() {
    function.setHazelcastInstance(hazelcast(1, "1"));
    assertThat(function.apply(List.of(local))).isTrue();
  }

  @Test
  void shouldRefuseWritesWhileTheMembersHoldingDataAreFewerThanTheQuorumWhateverTheProtectionLastSaid()
    throws UnknownHostException {
    Member joining = new MemberImpl.Builder(new Address("127.0.0.1", 5704)).uuid(UUID.randomUUID()).liteMember(true)
      .build();
    // a member that joined as a lite member and is not yet promoted holds no data; the protection is re-applied on
    // the next heartbeat only, so it can still say present
    assertThat(QuorumFunction.satisfied(member(2, List.of(local, joining), true))).isFalse();
    assertThat(QuorumFunction.satisfied(member(2, List.of(local, peerA), true))).isTrue();
    assertThat(QuorumFunction.satisfied(member(2, List.of(local, peerA), false))).as("protection not present").isFalse();
    assertThat(QuorumFunction.satisfied(member(1, List.of(local), true))).isTrue();
  }

  private static Member member(int port, boolean local) throws UnknownHostException {
    return new MemberImpl.Builder(new Address("127.0.0.1", port)).uuid(UUID.randomUUID()).localMember(local).build();
  }

  /** A member with only what the function reads: its config (heartbeat interval) and user context (quorum). */
  private static HazelcastInstance hazelcast(int quorum, String heartbeatIntervalSeconds) {
    Config config = new Config();
    if (heartbeatIntervalSeconds != null) {
      config.setProperty("hazelcast.heartbeat.interval.seconds", heartbeatIntervalSeconds);
    }
    ConcurrentMap<String, Object> userContext = new ConcurrentHashMap<>();
    userContext.put(ClusterConfigFactory.QUORUM_USER_CONTEXT_KEY, quorum);
    return proxy(HazelcastInstance.class, (method, args) -> switch (method) {
      case "getConfig" -> config;
      case "getUserContext" -> userContext;
      default -> null;
    });
  }

  /** A member with what {@link QuorumFunction#satisfied} reads: its quorum, members and the protection's state. */
  private static HazelcastInstance member(int quorum, List<Member> members, boolean protectionPresent) {
    SplitBrainProtection protection = proxy(SplitBrainProtection.class, (method, args) ->
      method.equals("hasMinimumSize") ? protectionPresent : null);
    SplitBrainProtectionService protections = proxy(SplitBrainProtectionService.class, (method, args) ->
      method.equals("getSplitBrainProtection") && QuorumFunction.NAME.equals(args[0]) ? protection : null);
    Cluster cluster = proxy(Cluster.class, (method, args) -> method.equals("getMembers") ? Set.copyOf(members) : null);
    Map<String, Object> userContext = new ConcurrentHashMap<>(Map.of(ClusterConfigFactory.QUORUM_USER_CONTEXT_KEY, quorum));
    return proxy(HazelcastInstance.class, (method, args) -> switch (method) {
      case "getUserContext" -> userContext;
      case "getCluster" -> cluster;
      case "getSplitBrainProtectionService" -> protections;
      default -> null;
    });
  }

  /** A stand-in answering each method by name; a method it does not answer (null) throws. */
  private static <T> T proxy(Class<T> type, BiFunction<String, Object[], Object> answer) {
    return type.cast(Proxy.newProxyInstance(QuorumFunctionTest.class.getClassLoader(), new Class<?>[] {type},
      (proxy, method, args) -> {
        Object value = answer.apply(method.getName(), args);
        if (value == null) {
          throw new UnsupportedOperationException(method.getName());
        }
        return value;
      }));
  }
}
