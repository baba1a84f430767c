package io.reactivemesh.drill;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The record of a drill: every call of the workload ({@link Operation}, in completion order) and the drill's own
 * moments (fault injected, healed, recovered), all in nanoseconds since the history began. Thread-safe.
 */
final class History {

  private final long originNanos = System.nanoTime();
  private final AtomicLong sequence = new AtomicLong();
  private final List<Operation> operations = new ArrayList<>();
  private final Map<String, Long> marks = new LinkedHashMap<>();

  /** Now, on the history's clock. */
  long now() {
    return System.nanoTime() - originNanos;
  }

  long nextSequence() {
    return sequence.incrementAndGet();
  }

  synchronized void record(Operation operation) {
    operations.add(operation);
  }

  /** When the last recorded call completed, on the history's clock; -1 before the first. */
  synchronized long lastCompletedNanos() {
    return operations.isEmpty() ? -1 : operations.get(operations.size() - 1).completedNanos();
  }

  /** Notes a moment of the drill under {@code name} (the first time only), and returns it. */
  synchronized long mark(String name) {
    return marks.computeIfAbsent(name, n -> now());
  }

  /** Notes a moment of the drill that was measured elsewhere, in ns on the history's clock. */
  synchronized void mark(String name, long atNanos) {
    marks.putIfAbsent(name, atNanos);
  }

  synchronized Long markAt(String name) {
    return marks.get(name);
  }

  synchronized Map<String, Long> marks() {
    return new LinkedHashMap<>(marks);
  }

  /** The calls recorded so far, in the order they were invoked. */
  synchronized List<Operation> operations() {
    List<Operation> copy = new ArrayList<>(operations);
    copy.sort(Comparator.comparingLong(Operation::invokedNanos));
    return copy;
  }

  /**
   * Writes the history as JSON lines, for reading a failed check afterwards: first the marks, then one line per call
   * in invocation order (times in ms since the history began).
   */
  void writeTo(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    JsonObject marksInMillis = new JsonObject();
    marks().forEach((name, at) -> marksInMillis.put(name, at / 1_000_000.0));
    lines.add(new JsonObject().put("marks", marksInMillis).encode());
    for (Operation op : operations()) {
      lines.add(new JsonObject().put("seq", op.seq()).put("type", op.type().name()).put("gateway", op.gateway())
        .put("article", op.articleId()).put("invokedMs", op.invokedNanos() / 1_000_000.0)
        .put("completedMs", op.completedNanos() / 1_000_000.0).put("status", op.status())
        .put("outcome", op.outcome().name()).put("version", op.version()).put("value", op.value())
        .put("servedBy", op.servedBy()).put("redirects", op.redirects()).put("problem", op.problem()).encode());
    }
    Files.createDirectories(file.getParent());
    Files.write(file, lines);
  }
}
