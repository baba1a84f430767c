package io.reactivemesh.publishing;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.reactivemesh.client.MeshException;
import io.reactivemesh.client.Reply;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCallsTest {

  @Test
  void shouldTurnAWriteRefusedBySplitBrainProtectionInto503WithRetryAfter() {
    Throwable mapped = ClusterCalls.toMeshFailure(new CompletionException(new SplitBrainProtectionException("minority")));

    assertThat(mapped).isInstanceOf(MeshException.class);
    Reply reply = ((MeshException) mapped).toReply();
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.headers().getString("retry-after")).isNotBlank();
    assertThat(reply.headers().getString("content-type")).isEqualTo(Reply.PROBLEM_JSON);
  }

  @Test
  void shouldTurnAMemberLeavingMidCallInto503AndLeaveOtherFailuresAlone() {
    assertThat(((MeshException) ClusterCalls.toMeshFailure(new MemberLeftException("gone"))).status()).isEqualTo(503);
    IllegalStateException bug = new IllegalStateException("bug");
    assertThat(ClusterCalls.toMeshFailure(new CompletionException(bug))).isSameAs(bug);
  }
}
