package io.reactivemesh.drill;

import io.reactivemesh.drill.Operation.Outcome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one drill run, computed from its history and verdict: calls and their outcomes, acknowledged writes
 * lost, redirects to another gateway, how long the fault took to heal (the drill's own marks, from the fault) and the
 * longest time during which no call (and no write) succeeded. Printed, and written to {@code target/drill-reports}.
 */
record DrillSummary(String drill, int operations, int ok, int rejected, int failed, int failedIdempotent, int unknown,
                    int lost, int redirects, Map<String, Long> millisAfterFault, long longestGapMillis,
                    long longestWriteGapMillis, Map<String, Integer> failuresByStatus, List<String> violations,
                    int staleReads, long faultAtMillis) {

  /** Where the drills write their summaries and histories. */
  static final Path REPORTS = Path.of("target", "drill-reports");

  static final String FAULT = "fault";

  static DrillSummary of(String drill, History history, HistoryChecker.Verdict verdict) {
    List<Operation> ops = history.operations();
    Map<String, Long> marks = history.marks();
    Long fault = marks.get(FAULT);
    Map<String, Long> afterFault = new LinkedHashMap<>();
    if (fault != null) {
      marks.forEach((name, at) -> {
        if (!name.equals(FAULT)) {
          afterFault.put(name, (at - fault) / 1_000_000);
        }
      });
    }
    Map<String, Integer> byStatus = new TreeMap<>(ops.stream()
      .filter(op -> op.outcome() == Outcome.FAILED || op.outcome() == Outcome.UNKNOWN)
      .collect(Collectors.groupingBy(DrillSummary::failureKind, Collectors.summingInt(op -> 1))));
    return new DrillSummary(drill, ops.size(), count(ops, Outcome.OK), count(ops, Outcome.REJECTED),
      count(ops, Outcome.FAILED),
      (int) ops.stream().filter(op -> op.type().idempotent() && op.outcome() == Outcome.FAILED).count(),
      count(ops, Outcome.UNKNOWN), verdict.lost(), ops.stream().mapToInt(Operation::redirects).sum(), afterFault,
      longestGap(ops, false), longestGap(ops, true), byStatus, verdict.violations(), verdict.staleReads(),
      fault == null ? -1 : fault / 1_000_000);
  }

  /** A failure's kind: the call, the status and the start of what it was told. */
  private static String failureKind(Operation op) {
    String told = op.problem() == null ? "" : " " + op.problem().substring(0, Math.min(70, op.problem().length()));
    return op.type() + " " + (op.status() == 0 ? "no-answer" : op.status()) + told;
  }

  private static int count(List<Operation> ops, Outcome outcome) {
    return (int) ops.stream().filter(op -> op.outcome() == outcome).count();
  }

  /** The longest time between two successive successful completions (of writes only, if asked), in ms. */
  private static long longestGap(List<Operation> ops, boolean writesOnly) {
    long[] completions = ops.stream().filter(op -> op.ok() && (!writesOnly || op.type().write()))
      .mapToLong(Operation::completedNanos).sorted().toArray();
    long longest = 0;
    for (int i = 1; i < completions.length; i++) {
      longest = Math.max(longest, completions[i] - completions[i - 1]);
    }
    return longest / 1_000_000;
  }

  /** Failed calls as a share of all calls, in percent. */
  double failedPercent() {
    return operations == 0 ? 0 : 100.0 * failed / operations;
  }

  /** The summary as text: one line of figures, the moments after the fault, failures by status, the violations. */
  String text() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format("drill %s: %d operations, %d ok, %d rejected by design, %d failed (%.3f %%, %d idempotent), "
        + "%d unknown, %d lost; %d redirected to another gateway; longest without a success %d ms (writes %d ms)",
      drill, operations, ok, rejected, failed, failedPercent(), failedIdempotent, unknown, lost, redirects,
      longestGapMillis, longestWriteGapMillis));
    if (!millisAfterFault.isEmpty()) {
      lines.add("  fault " + faultAtMillis + " ms after the drill began; ms after the fault: " + millisAfterFault);
    }
    if (!failuresByStatus.isEmpty()) {
      lines.add("  failed/unknown by call, status and problem:");
      failuresByStatus.forEach((kind, n) -> lines.add("    " + n + " x " + kind));
    }
    if (staleReads > 0) {
      lines.add("  stale reads while a node had no quorum (allowed by design): " + staleReads);
    }
    lines.add(violations.isEmpty() ? "  history check: passed" : "  history check: " + violations.size() + " violation(s)");
    violations.stream().limit(30).forEach(v -> lines.add("    " + v));
    return String.join("\n", lines);
  }

  /** Prints the summary and writes it to {@code target/drill-reports/<drill>.txt}. */
  void report() {
    String text = text();
    System.out.println(text);
    try {
      Files.createDirectories(REPORTS);
      Files.writeString(REPORTS.resolve(drill + ".txt"), text + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
