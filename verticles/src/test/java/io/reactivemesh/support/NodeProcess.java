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
import java.util.concurrent.TimeUnit;

/**
 * A real mesh node process started from the fat jar ({@code -Dmesh.node.jar}), its output in a log file; stopped by
 * the pid it was started with (SIGTERM, or {@code kill -9} for crash drills), never by a name pattern.
 */
public final class NodeProcess implements AutoCloseable {

  public static final Duration READY_BOUND = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final int httpPort;
  private final Process process;
  private final Path log;

  private NodeProcess(String name, int httpPort, Process process, Path log) {
    this.name = name;
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
    List<String> command = new ArrayList<>(List.of(
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
    return new NodeProcess(name, httpPort, process, log);
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
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
        .timeout(Duration.ofSeconds(2)).GET().build();
      return Optional.of(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
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

  /** Waits for the process to exit by itself; returns its exit code, or -1 past the bound. */
  public int awaitExit(Duration bound) throws InterruptedException {
    return process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  private String tail() throws IOException {
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
