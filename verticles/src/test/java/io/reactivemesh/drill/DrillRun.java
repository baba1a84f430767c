package io.reactivemesh.drill;

import io.reactivemesh.publishing.FeedProjectorVerticle;
import io.reactivemesh.publishing.WorkflowRecoveryVerticle;
import io.reactivemesh.registry.RegistryReaperVerticle;
import io.reactivemesh.support.NodeProcess;
import io.reactivemesh.support.Poll;
import io.reactivemesh.support.ProcessMesh;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * One fault drill from start to verdict: removes what an interrupted earlier run of the same drill left (its node
 * processes, by the pids it wrote down), starts a mesh of real node processes, drives the {@link Workload} through every
 * gateway, lets the drill inject its fault, then stops the load, waits for the workflows to end and the counters to
 * converge, reads the final state from every node and checks the history. Closing it — or the JVM's shutdown hook, if
 * the run is interrupted — kills every node it started, by pid, and runs the drill's own clean-up.
 */
final class DrillRun implements AutoCloseable {

  /** Every singleton of the bundled conf: each must run exactly once in the mesh. */
  static final Set<String> SINGLETONS = Set.of(RegistryReaperVerticle.class.getName(),
    FeedProjectorVerticle.class.getName(), WorkflowRecoveryVerticle.class.getName());
  static final String FEED_PROJECTOR = FeedProjectorVerticle.class.getName();
  static final Duration WORKFLOW_BOUND = Duration.ofSeconds(90);
  static final Duration CONVERGENCE_BOUND = Duration.ofSeconds(15);

  /** Starts the drill's mesh, its node logs in the folder given. */
  @FunctionalInterface
  interface MeshStarter {
    ProcessMesh start(Path logs) throws IOException, InterruptedException;
  }

  private final String name;
  private final Path pidFile;
  private Path logs;
  private final List<Runnable> cleanups = new ArrayList<>();
  private final Thread shutdownHook;
  private final History history = new History();
  private final Set<String> vanishedInstances = new HashSet<>();
  private ProcessMesh mesh;
  private Vertx vertx;
  private Workload workload;

  private DrillRun(String name) {
    this.name = name;
    this.pidFile = Path.of("target", "drill-run", name + ".pids");
    this.shutdownHook = new Thread(this::cleanUp, "drill-" + name + "-cleanup");
  }

  /**
   * Cleans up after an earlier interrupted run of {@code name}, registers the shutdown hook and starts the mesh;
   * {@code cleanup} (or null) is the drill's own clean-up, run when the drill ends or is interrupted.
   */
  static DrillRun start(String name, Path logs, MeshStarter starter, Runnable cleanup) throws IOException, InterruptedException {
    DrillRun run = new DrillRun(name);
    run.killLeftovers();
    if (cleanup != null) {
      run.cleanups.add(cleanup);
    }
    Runtime.getRuntime().addShutdownHook(run.shutdownHook);
    run.logs = logs;
    try {
      run.mesh = starter.start(logs);
      run.writePids();
      run.awaitSingletons(run.mesh.nodes(), Duration.ofSeconds(30));
    } catch (IOException | InterruptedException | RuntimeException e) {
      run.close();
      throw e;
    }
    return run;
  }

  /** The gateways of the nodes running now, as the workload and the probe reach them. */
  List<Workload.Gateway> liveGateways() {
    return mesh.nodes().stream().filter(NodeProcess::alive).map(n -> new Workload.Gateway(n.name(), n.baseUri())).toList();
  }

  /** Starts a loopback mesh of {@code size} nodes. */
  static DrillRun onLoopback(String name, Path logs, int size) throws IOException, InterruptedException {
    return start(name, logs, dir -> ProcessMesh.start(size, dir), null);
  }

  ProcessMesh mesh() {
    return mesh;
  }

  History history() {
    return history;
  }

  /** Starts the workload through every gateway of the mesh. */
  Workload startLoad(Workload.Settings settings) {
    vertx = Vertx.vertx();
    workload = new Workload(vertx, liveGateways(), history, settings);
    vertx.runOnContext(v -> workload.start());
    return workload;
  }

  /** Waits until the workload has recorded {@code count} calls, at most {@code bound}. */
  void awaitOperations(int count, Duration bound) {
    Poll.until(bound, () -> Optional.of(true).filter(t -> history.operations().size() >= count))
      .orElseThrow(() -> new IllegalStateException("the workload did not make " + count + " calls within " + bound));
  }

  /** Lets the workload run for {@code time} from now (see {@link #keepLoadUntil}). */
  void keepLoad(Duration time) {
    keepLoadUntil(history.now() + time.toNanos());
  }

  /**
   * Lets the workload run until {@code atNanos} on the history's clock: returns once it has recorded a call completed
   * at or after that moment, so a drill never goes on over a workload that stalled (no call completes within a call's
   * longest time after the moment).
   */
  void keepLoadUntil(long atNanos) {
    Duration bound = Duration.ofNanos(Math.max(0, atNanos - history.now()))
      .plusMillis(2 * workload.settings().requestTimeoutMillis());
    Poll.until(bound, () -> Optional.of(true).filter(t -> history.lastCompletedNanos() >= atNanos))
      .orElseThrow(() -> new IllegalStateException("the workload completed no call within " + bound));
  }

  /** The service instances {@code node} runs now, as another node lists them; they vanish with a fault. */
  void instancesVanish(NodeProcess node, NodeProcess viewer) {
    viewer.getJson("/mesh/services").ifPresent(services -> services.forEach(e -> ((JsonArray) e.getValue()).stream()
      .map(JsonObject.class::cast).filter(r -> node.name().equals(r.getString("node")))
      .forEach(r -> vanishedInstances.add(r.getString("instanceId")))));
  }

  /** Marks {@code name} once no node of {@code viewers} lists an instance that vanished; false past the bound. */
  boolean awaitVanishedGone(Collection<NodeProcess> viewers, Duration bound, String mark) {
    Optional<Boolean> gone = Poll.until(bound, () -> Optional.of(true).filter(t -> viewers.stream()
      .noneMatch(v -> v.getJson("/mesh/services").map(this::listsVanished).orElse(true))));
    gone.ifPresent(g -> history.mark(mark));
    return gone.isPresent();
  }

  private boolean listsVanished(JsonObject services) {
    return services.stream().flatMap(e -> ((JsonArray) e.getValue()).stream())
      .anyMatch(r -> vanishedInstances.contains(((JsonObject) r).getString("instanceId")));
  }

  /** Marks {@code mark} once each singleton runs exactly once among {@code nodes}; false past the bound. */
  boolean awaitSingletons(Collection<NodeProcess> nodes, Duration bound, String mark) {
    boolean once = awaitSingletons(nodes, bound);
    if (once) {
      history.mark(mark);
    }
    return once;
  }

  private boolean awaitSingletons(Collection<NodeProcess> nodes, Duration bound) {
    return Poll.until(bound, () -> Optional.of(true).filter(t -> singletonsRunOnce(nodes))).isPresent();
  }

  private static boolean singletonsRunOnce(Collection<NodeProcess> nodes) {
    List<String> running = new ArrayList<>();
    for (NodeProcess node : nodes) {
      Optional<JsonObject> view = node.getJson("/mesh/nodes");
      if (view.isEmpty()) {
        return false;
      }
      view.get().getJsonArray("singletons").forEach(s -> running.add(String.valueOf(s)));
    }
    return running.size() == SINGLETONS.size() && new HashSet<>(running).equals(SINGLETONS);
  }

  /** Marks {@code mark} once every node of {@code nodes} sees {@code size} members; false past the bound. */
  boolean awaitClusterSize(Collection<NodeProcess> nodes, int size, Duration bound, String mark) {
    Optional<Boolean> whole = Poll.until(bound, () -> Optional.of(true).filter(t -> nodes.stream()
      .allMatch(n -> n.getJson("/mesh/nodes").map(v -> v.getInteger("size") == size).orElse(false))));
    whole.ifPresent(w -> history.mark(mark));
    return whole.isPresent();
  }

  /**
   * Stops the load, waits for every acknowledged workflow to end and for the view counts to agree on every node, reads
   * the final state from every node still running and checks the history; prints and returns the summary.
   */
  DrillSummary finish() throws Exception {
    return finish(op -> false);
  }

  /** {@link #finish()}, where the reads {@code staleReadAllowed} names may be stale by design. */
  DrillSummary finish(Predicate<Operation> staleReadAllowed) throws Exception {
    workload.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    history.mark("load-stopped");
    List<Operation> ops = history.operations();
    MeshProbe probe = new MeshProbe(liveGateways());
    Set<String> workflows = ops.stream().filter(op -> op.type() == Operation.Type.PUBLISH && op.ok())
      .map(Operation::value).collect(Collectors.toCollection(LinkedHashSet::new));
    Poll.until(WORKFLOW_BOUND, () -> Optional.of(true).filter(t -> probe.workflowStates(workflows).values().stream()
      .allMatch(HistoryChecker.TERMINAL_WORKFLOW_STATES::contains)));
    Set<String> articles = ops.stream().filter(op -> op.articleId() != null).map(Operation::articleId)
      .collect(Collectors.toCollection(LinkedHashSet::new));
    FinalState state = Poll.until(CONVERGENCE_BOUND, () -> Optional.of(probe.collect(articles, workflows))
      .filter(FinalState::viewsAgree)).orElseGet(() -> probe.collect(articles, workflows));
    HistoryChecker.Verdict verdict = HistoryChecker.check(ops, state,
      new HistoryChecker.Expectations(SINGLETONS, vanishedInstances, history.markAt("recovered"), staleReadAllowed));
    DrillSummary summary = DrillSummary.of(name, history, verdict);
    summary.report();
    history.writeTo(DrillSummary.REPORTS.resolve(name + "-history.jsonl"));
    return summary;
  }

  /** Writes down the pids of the mesh's nodes, so a later run can remove them if this one is interrupted. */
  void writePids() throws IOException {
    Files.createDirectories(pidFile.getParent());
    Files.writeString(pidFile, mesh.nodes().stream().map(n -> String.valueOf(n.pid()))
      .collect(Collectors.joining("\n")) + "\n");
  }

  private void killLeftovers() throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    for (String line : Files.readAllLines(pidFile)) {
      if (line.isBlank()) {
        continue;
      }
      // only a node of ours: a pid may have been reused by an unrelated process since
      ProcessHandle.of(Long.parseLong(line.trim()))
        .filter(p -> p.info().commandLine().map(c -> c.contains("mesh-node.jar")).orElse(false))
        .ifPresent(p -> {
          p.destroyForcibly();
          System.out.println("drill " + name + ": killed node process " + p.pid() + " left by an interrupted run");
        });
    }
    Files.delete(pidFile);
  }

  private synchronized void cleanUp() {
    if (vertx != null) {
      vertx.close();
      vertx = null;
    }
    if (mesh != null) {
      for (NodeProcess node : mesh.nodes()) {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
      }
      try {
        mesh.close();
        Files.deleteIfExists(pidFile);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        System.out.println("drill " + name + ": could not delete " + pidFile + ": " + e.getMessage());
      }
      mesh = null;
    }
    cleanups.forEach(Runnable::run);
    cleanups.clear();
    keepLogs();
  }

  /** Copies the nodes' logs to {@code target/drill-logs/<drill>}, where they outlive the test's temporary folder. */
  private void keepLogs() {
    if (logs == null) {
      return;
    }
    Path kept = Path.of("target", "drill-logs", name);
    try (var files = Files.list(logs)) {
      Files.createDirectories(kept);
      for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        Files.copy(log, kept.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.out.println("drill " + name + ": could not keep the node logs: " + e.getMessage());
    }
    logs = null;
  }

  /** Kills every node the drill started (by pid) and runs the drill's clean-up. */
  @Override
  public void close() {
    cleanUp();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs, or ran, the same clean-up
    }
  }

  Map<String, Long> marks() {
    return history.marks();
  }
}
