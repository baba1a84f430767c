package io.reactivemesh.node;

import io.reactivemesh.ops.MeshViewRoutes;
import io.reactivemesh.registry.RegistryReaperVerticle;
import io.reactivemesh.support.FreePorts;
import io.reactivemesh.support.Poll;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives {@code bin/mesh-cluster} against real node processes (the fat jar): {@code up} forms one cluster, a
 * {@code kill} moves the singleton to a survivor within the failover target, and {@code down} leaves no process.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MeshClusterScriptIT {

  private static final Logger LOG = LoggerFactory.getLogger(MeshClusterScriptIT.class);

  private static final int NODES = 3;
  private static final String SINGLETON = RegistryReaperVerticle.class.getName();
  /** Same-host failover target: a refused connection lets Hazelcast drop the dead member fast (DESIGN.md §8). */
  private static final Duration FAILOVER_TARGET = Duration.ofSeconds(3);
  /** How long the test looks for the new owner at all, so that a slow failover is measured rather than cut off. */
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(15);
  /** The owner is recorded just after the quorum forms, so it may trail the readiness that {@code up} waits for. */
  private static final Duration FIRST_OWNER_BOUND = Duration.ofSeconds(10);
  /** Above the script's own bounds: 60 s readiness for {@code up}, 20 s per node for {@code down}. */
  private static final Duration SCRIPT_BOUND = Duration.ofSeconds(120);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(2);

  /** Kept when a test fails: the nodes' logs are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path runDir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
  private final Path repoRoot = Path.of(requiredProperty("mesh.repo.root")).toAbsolutePath().normalize();
  private final Path nodeJar = Path.of(requiredProperty("mesh.node.jar")).toAbsolutePath().normalize();
  private final String clusterName = "it-" + UUID.randomUUID();
  private int httpBase;
  private int hzBase;
  private int scriptRuns;

  /** What {@code /mesh/singletons} says about the singleton's owner. */
  private record Ownership(String nodeId, String nodeName, int starts) {

    static Optional<Ownership> from(JsonObject singletons) {
      return Optional.ofNullable(singletons.getJsonObject(SINGLETON))
        .map(o -> new Ownership(o.getString("node"), o.getString("nodeName"), o.getInteger("starts", 0)));
    }
  }

  private record ScriptResult(int exitCode, String output) {
  }

  @BeforeEach
  void choosePorts() {
    httpBase = FreePorts.consecutive(NODES);
    hzBase = FreePorts.consecutive(NODES);
    assertThat(nodeJar).as("the node jar (mvn package builds it)").isRegularFile();
  }

  @AfterEach
  void stopEveryNode() {
    // read before down: down removes the pid files, and they are the only way to find a node it failed to stop
    List<Long> pids = recordedPids();
    try {
      script("down");
    } finally {
      pids.forEach(this::killIfStillOurNode);
    }
  }

  @Test
  @DisplayName("up 3 starts three nodes that all see one cluster of three")
  void shouldStartNodesThatFormOneClusterOnUp() {
    ScriptResult up = script("up", String.valueOf(NODES));

    assertThat(up.exitCode()).as(up.output()).isZero();
    for (int node = 1; node <= NODES; node++) {
      assertThat(up.output()).contains("node-" + node, "http://127.0.0.1:" + httpPort(node));
      assertThat(get(node, MeshViewRoutes.NODES)).as("/mesh/nodes of node-%d", node)
        .hasValueSatisfying(view -> assertThat(view.getInteger("size")).isEqualTo(NODES));
    }
  }

  @Test
  @DisplayName("kill -9 of the singleton's node restarts the singleton on one survivor within 3 s")
  void shouldRestartTheSingletonOnOneSurvivorWithinTargetWhenItsNodeIsKilled() {
    bringUpCluster();
    Ownership before = Poll.until(FIRST_OWNER_BOUND, () -> ownership(1))
      .orElseThrow(() -> new AssertionError("no owner of " + SINGLETON + " " + FIRST_OWNER_BOUND + " after up"));
    List<Integer> survivors = IntStream.rangeClosed(1, NODES).filter(n -> !before.nodeName().equals(nodeName(n)))
      .boxed().toList();
    List<String> survivorNames = survivors.stream().map(MeshClusterScriptIT::nodeName).toList();

    long killedAt = System.nanoTime();
    ScriptResult kill = script("kill", before.nodeName());
    assertThat(kill.exitCode()).as(kill.output()).isZero();
    Optional<Ownership> after = Poll.until(FAILOVER_BOUND,
      () -> ownership(survivors.get(0)).filter(owner -> survivorNames.contains(owner.nodeName())));
    Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);

    LOG.info("singleton failover after kill -9 of {}: {} ms, now on {}", before.nodeName(), failover.toMillis(),
      after.map(Ownership::nodeName).orElse("no survivor"));
    assertThat(after).as("a survivor owns %s within %s of killing %s", SINGLETON, FAILOVER_BOUND, before.nodeName())
      .isPresent();
    assertThat(failover).isLessThan(FAILOVER_TARGET);
    // one owner: every survivor names the same one, and the singleton was claimed once after the kill, not twice
    for (int survivor : survivors) {
      assertThat(ownership(survivor)).as("owner seen by node-%d", survivor).isEqualTo(after);
    }
    assertThat(after.get().starts()).isEqualTo(before.starts() + 1);
  }

  @Test
  @DisplayName("down stops every node with SIGTERM and leaves no process")
  void shouldLeaveNoNodeProcessAfterDown() {
    bringUpCluster();
    List<Long> pids = recordedPids();
    assertThat(pids).hasSize(NODES).allMatch(MeshClusterScriptIT::isAlive);

    ScriptResult down = script("down");

    assertThat(down.exitCode()).as(down.output()).isZero();
    assertThat(down.output()).as("every node leaves cleanly, none needs SIGKILL").doesNotContain("SIGKILL");
    assertThat(pids).noneMatch(MeshClusterScriptIT::isAlive);
    assertThat(recordedPids()).isEmpty();
  }

  private void bringUpCluster() {
    ScriptResult up = script("up", String.valueOf(NODES));
    assertThat(up.exitCode()).as(up.output()).isZero();
  }

  /** Runs the script with this test's run folder, jar, cluster name and ports; bounded by {@link #SCRIPT_BOUND}. */
  private ScriptResult script(String... args) {
    List<String> command = new ArrayList<>();
    command.add(repoRoot.resolve("bin/mesh-cluster").toString());
    command.addAll(List.of(args));
    // output goes to a file, not a pipe: a node started in the background must never hold the test's pipe open
    Path output = runDir.resolve("script-" + (++scriptRuns) + "-" + args[0] + ".out");
    ProcessBuilder builder = new ProcessBuilder(command).directory(repoRoot.toFile())
      .redirectErrorStream(true).redirectOutput(output.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("MESH_"));
    env.put("MESH_CLUSTER_DIR", runDir.toString());
    env.put("MESH_CLUSTER_JAR", nodeJar.toString());
    env.put("MESH_CLUSTER_NAME", clusterName);
    env.put("MESH_CLUSTER_HTTP_BASE", String.valueOf(httpBase));
    env.put("MESH_CLUSTER_HZ_BASE", String.valueOf(hzBase));
    try {
      Process process = builder.start();
      try {
        if (!process.waitFor(SCRIPT_BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("mesh-cluster " + String.join(" ", args) + " still running after " + SCRIPT_BOUND
            + ":\n" + Files.readString(output));
        }
      } finally {
        // on a timeout or an interrupt: SIGTERM lets the script stop the nodes it started
        process.destroy();
      }
      ScriptResult result = new ScriptResult(process.exitValue(), Files.readString(output));
      LOG.info("mesh-cluster {} -> exit {}\n{}", String.join(" ", args), result.exitCode(), result.output().strip());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running mesh-cluster " + String.join(" ", args), e);
    }
  }

  private List<Long> recordedPids() {
    try (Stream<Path> files = Files.list(runDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".pid")).sorted()
        .map(MeshClusterScriptIT::readPid).flatMap(Optional::stream).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Optional<Long> readPid(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file).strip()));
    } catch (IOException | NumberFormatException e) {
      LOG.warn("unreadable pid file {}: {}", file, e.toString());
      return Optional.empty();
    }
  }

  /** Last resort after {@code down}: kill -9 a recorded pid, only while it is still a node of this test's cluster. */
  private void killIfStillOurNode(long pid) {
    ProcessHandle.of(pid)
      .filter(ProcessHandle::isAlive)
      .filter(process -> process.info().arguments().map(a -> List.of(a).contains(clusterName)).orElse(false))
      .ifPresent(process -> {
        LOG.warn("node pid {} survived down: killing it", pid);
        process.destroyForcibly();
      });
  }

  /**
   * True while {@code pid} runs. A zombie does not: it has released everything and waits only for init to reap it,
   * which init on these machines does every ~2 s, while {@link ProcessHandle#isAlive()} still calls it alive.
   */
  private static boolean isAlive(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() && !isZombie(pid);
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private Optional<Ownership> ownership(int node) {
    return get(node, MeshViewRoutes.SINGLETONS).flatMap(Ownership::from);
  }

  /** The JSON a node answers with 200 on {@code path}; empty when it does not answer or answers otherwise. */
  private Optional<JsonObject> get(int node, String path) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort(node) + path))
      .timeout(HTTP_TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(new JsonObject(response.body())) : Optional.empty();
    } catch (IOException | DecodeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private int httpPort(int node) {
    return httpBase + node - 1;
  }

  private static String nodeName(int node) {
    return "node-" + node;
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set: run this test with Maven Failsafe");
    }
    return value;
  }
}
