package io.reactivemesh.drill;

import io.reactivemesh.support.NodeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SIGSTOP drill: under a steady mixed workload through every gateway, the Hazelcast master (the oldest member) is
 * frozen with SIGSTOP for 15 s (longer than the 5 s the cluster waits for a heartbeat) and resumed with SIGCONT.
 * Freezing the master is the hard case: the other two must elect a new one, and on this 2-CPU machine that election
 * sometimes fails and leaves three clusters of one, each missing the partitions it held no copy of (seen in 2 of 5
 * runs, RELIABILITY.md). Targets (issue 5): no acknowledged write lost; the node rejoins (one cluster of 3 again) or
 * is cleanly replaced; 30 s after SIGCONT each singleton runs exactly once and no node lists or serves from a vanished
 * instance. Until the cluster is whole again a read may be stale (a side without quorum still serves reads, by
 * design); after that a read of an article whose partition has not been merged back yet must answer 503, never 404
 * nor a version older than one acknowledged ({@code HealingPartitions}). Run with {@code bin/mesh-drill stop}.
 */
@Tag("drill")
class PauseNodeDrillIT {

  static final Duration PAUSE = Duration.ofSeconds(15);
  static final Duration SETTLE_AFTER_RESUME = Duration.ofSeconds(30);

  @TempDir
  Path logs;

  @Test
  @Timeout(value = 420, unit = TimeUnit.SECONDS)
  void shouldLoseNoWriteAndEndWithOneInstanceOfEachSingletonWhenANodeIsFrozenForFifteenSeconds() throws Exception {
    try (DrillRun run = DrillRun.onLoopback("stop", logs, 3)) {
      NodeProcess victim = Drills.masterOf(run.mesh().nodes());
      List<NodeProcess> others = run.mesh().nodes().stream().filter(n -> n != victim).toList();
      run.startLoad(Workload.Settings.DEFAULT);
      run.awaitOperations(600, Duration.ofSeconds(60));

      run.history().mark(DrillSummary.FAULT);
      victim.pause();
      try {
        run.awaitSingletons(others, PAUSE, "singletons-running-without-it");
        run.keepLoadUntil(run.history().markAt(DrillSummary.FAULT) + PAUSE.toNanos());
      } finally {
        victim.resume();
      }
      run.history().mark("resumed");
      boolean whole = run.awaitClusterSize(run.mesh().nodes(), 3, SETTLE_AFTER_RESUME, "one-cluster-again");
      run.keepLoadUntil(run.history().markAt("resumed") + SETTLE_AFTER_RESUME.toNanos());
      run.history().mark("recovered");
      boolean once = run.awaitSingletons(run.mesh().nodes(), Duration.ofSeconds(1), "singletons-once");
      long faultAt = run.history().markAt(DrillSummary.FAULT);
      Long wholeAt = run.history().markAt("one-cluster-again");
      long staleUntil = wholeAt == null ? Long.MAX_VALUE : wholeAt;
      DrillSummary summary = run.finish(op -> op.invokedNanos() >= faultAt && op.invokedNanos() <= staleUntil);

      assertThat(summary.violations()).as("history check").isEmpty();
      assertThat(summary.lost()).isZero();
      assertThat(whole).as("the frozen node rejoins: one cluster of 3 within %s of SIGCONT", SETTLE_AFTER_RESUME).isTrue();
      assertThat(once).as("each singleton runs once, 30 s after SIGCONT").isTrue();
    }
  }
}
