package io.reactivemesh.drill;

import io.reactivemesh.support.NodeProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rolling-restart drill: under a steady mixed workload through every gateway, each node of a 3-node mesh in turn
 * is stopped with SIGTERM (a clean stop: it must exit 0), started again and awaited ready, and the singletons must run
 * once again before the next node goes. Target (issue 5): not one failed call. Run with {@code bin/mesh-drill rolling}.
 */
@Tag("drill")
class RollingRestartDrillIT {

  /** Above the node's own bound for a clean stop (drain timeout + MeshNode.LEAVE_GRACE_MILLIS). */
  static final Duration CLEAN_STOP_BOUND = Duration.ofSeconds(20);

  @TempDir
  Path logs;

  @Test
  @Timeout(value = 420, unit = TimeUnit.SECONDS)
  void shouldFailNoCallWhileEveryNodeIsRestartedInTurn() throws Exception {
    try (DrillRun run = DrillRun.onLoopback("rolling", logs, 3)) {
      run.startLoad(Workload.Settings.DEFAULT);
      run.awaitOperations(600, Duration.ofSeconds(60));
      run.history().mark(DrillSummary.FAULT);
      for (int i = 0; i < run.mesh().nodes().size(); i++) {
        NodeProcess node = run.mesh().node(i);
        NodeProcess viewer = run.mesh().node((i + 1) % run.mesh().nodes().size());
        run.instancesVanish(node, viewer);
        int exit = node.terminate(CLEAN_STOP_BOUND);
        run.history().mark(node.name() + "-stopped");
        assertThat(exit).as("exit code of %s's clean stop", node.name()).isZero();
        run.mesh().restart(i);
        run.writePids();
        run.history().mark(node.name() + "-ready");
        assertThat(run.awaitSingletons(run.mesh().nodes(), Duration.ofSeconds(15), node.name() + "-singletons-once"))
          .as("singletons run once after %s's restart", node.name()).isTrue();
        run.keepLoad(Duration.ofSeconds(5));
      }
      run.awaitVanishedGone(run.mesh().nodes(), Duration.ofSeconds(10), "recovered");
      run.keepLoad(Duration.ofSeconds(5));
      DrillSummary summary = run.finish();

      assertThat(summary.violations()).as("history check").isEmpty();
      assertThat(summary.failed()).as("failed calls").isZero();
      assertThat(summary.unknown()).as("calls without a definite answer").isZero();
    }
  }
}
