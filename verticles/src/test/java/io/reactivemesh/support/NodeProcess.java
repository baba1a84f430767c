package io.reactivemesh.support;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real mesh node process started from the fat jar ({@code -Dmesh.node.jar}), its output in a log file; stopped by
 * the pid it was started with (SIGTERM, or {@code kill -9} for crash drills), never by a name pattern.
 */
public final class NodeProcess implements AutoCloseable {

  /** Generous: three JVMs starting at once on a slow 2-core machine took more than 30 s (CPU-bound start-up). */
  public static final Duration READY_BOUND = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final String httpHost;
  private final int httpPort;
  private final Process process;
  private final Path log;

  private NodeProcess(String name, String httpHost, int httpPort, Process process, Path log) {
    this.name = name;
    this.httpHost = httpHost;
    this.httpPort = httpPort;
    this.process = process;
    this.log = log;
  }

  /** The fat jar under test, as Failsafe passes it. */
  public static Path jar() {
    String jar = System.getProperty("mesh.node.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("-Dmesh.node.jar must name the built mesh-node.jar (run through mvn verify), got " + jar);
    }
    return Path.of(jar);
  }

  /**
   * Starts {@code java -jar mesh-node.jar} with these arguments; the node is named {@code name} and logs to
   * {@code logDir}, as text unless the arguments ask for {@code --log-format json}.
   */
  public static NodeProcess start(String name, int httpPort, Path logDir, List<String> args) throws IOException {
    return start(name, "127.0.0.1", httpPort, logDir, List.of(), args);
  }

  /**
   * Starts the node behind a command prefix (such as {@code ip netns exec <ns>}, which execs the JVM in place, so the
   * pid is still the node's) with its gateway reached at {@code httpHost}.
   */
  public static NodeProcess start(String name, String httpHost, int httpPort, Path logDir, List<String> commandPrefix,
                                  List<String> args) throws IOException {
    List<String> command = new ArrayList<>(commandPrefix);
    command.addAll(List.of(
      Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-jar", jar().toString(),
      "--node-name", name, "--http-port", String.valueOf(httpPort)));
    if (!args.contains("--log-format")) {
      command.addAll(List.of("--log-format", "text"));
    }
    command.addAll(args);
    Path log = logDir.resolve(name + ".log");
    Process process = new ProcessBuilder(command)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
      .start();
    return new NodeProcess(name, httpHost, httpPort, process, log);
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public int httpPort() {
    return httpPort;
  }

  /** The gateway's base address, such as {@code http://127.0.0.1:8080}. */
  public String baseUri() {
    return "http://" + httpHost + ":" + httpPort;
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Waits until {@code /health/ready} answers 200; fails with the log's tail when it does not within the bound. */
  public NodeProcess awaitReady() throws IOException {
    Optional<Integer> ready = Poll.until(READY_BOUND, () -> get("/health/ready")
      .filter(r -> r.statusCode() == 200).map(HttpResponse::statusCode));
    if (ready.isEmpty()) {
      throw new IllegalStateException("node " + name + " not ready within " + READY_BOUND + "; log:\n" + tail());
    }
    return this;
  }

  /** Waits until {@code /health/live} answers: the process is up, though it may wait for peers to be ready. */
  public NodeProcess awaitLive() throws IOException {
    if (Poll.until(READY_BOUND, () -> get("/health/live").filter(r -> r.statusCode() == 200)).isEmpty()) {
      throw new IllegalStateException("node " + name + " not live within " + READY_BOUND + "; log:\n" + tail());
    }
    return this;
  }

  /** GET on this node's gateway; empty when it does not answer. */
  public Optional<HttpResponse<String>> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(baseUri() + path)).timeout(Duration.ofSeconds(2)).GET().build());
  }

  /** Sends {@code request} with the tests' shared client; empty when no answer came (refused, timed out). */
  public static Optional<HttpResponse<String>> send(HttpRequest request) {
    try {
      return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Sends {@code request} with the tests' shared client without waiting; fails when no answer came. */
  public static CompletableFuture<HttpResponse<String>> sendAsync(HttpRequest request) {
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** GET of a JSON view; empty when the node does not answer 200. */
  public Optional<JsonObject> getJson(String path) {
    return get(path).filter(r -> r.statusCode() == 200).map(r -> new JsonObject(r.body()));
  }

  /** Sends SIGTERM and waits for the exit; returns the exit code, or -1 if it did not exit within {@code bound}. */
  public int terminate(Duration bound) throws InterruptedException {
    process.destroy();
    return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** {@code kill -9}: a crash, no goodbye to the cluster. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process freezes (a long GC pause, a stalled VM) without closing any connection. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** SIGCONT: a paused process runs again. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IOException("kill -" + name + " " + process.pid() + " exited " + exit);
    }
  }

  /** Waits for the process to exit by itself; returns its exit code, or -1 past the bound. */
  public int awaitExit(Duration bound) throws InterruptedException {
    return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** The last 40 lines of the node's log. */
  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill9();
    }
  }
}
