package io.reactivemesh.publishing;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.impl.MemberImpl;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class QuorumFunctionTest {

  /** The event source only: the function reads the event's member. */
  private static final Cluster CLUSTER = (Cluster) Proxy.newProxyInstance(QuorumFunctionTest.class.getClassLoader(),
    new Class<?>[] {Cluster.class}, (proxy, method, args) -> {
      throw new UnsupportedOperationException(method.getName());
    });

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
    userContext.put(Publishing.QUORUM_USER_CONTEXT_KEY, quorum);
    return (HazelcastInstance) Proxy.newProxyInstance(QuorumFunctionTest.class.getClassLoader(),
      new Class<?>[] {HazelcastInstance.class}, (proxy, method, args) -> switch (method.getName()) {
        case "getConfig" -> config;
        case "getUserContext" -> userContext;
        default -> throw new UnsupportedOperationException(method.getName());
      });
  }
}
