package io.reactivemesh.drill;

import io.reactivemesh.drill.FinalState.ArticleView;
import io.reactivemesh.drill.FinalState.NodeView;
import io.reactivemesh.drill.Operation.Type;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks a drill's recorded history against the mesh's final state, the way history-based testers do: every
 * acknowledged create is read back from every node; no acknowledged compare-and-set update is lost (the final title is
 * the last acknowledged one, or one written after it by a call whose outcome the client could not know); versions a
 * client saw never go backwards for a later call; view counts lie between the acknowledged and the attempted views;
 * every acknowledged workflow ends; each singleton runs exactly once; no node lists or served from an instance that
 * vanished. A call with an unknown outcome may or may not have taken effect: it is never counted lost.
 */
final class HistoryChecker {

  static final Set<String> TERMINAL_WORKFLOW_STATES = Set.of("completed", "compensated");

  /**
   * What the check found: acknowledged writes lost, every violation in words (the losses among them), and the stale
   * reads the drill allowed (a read that missed an acknowledged write while its node was on a side without quorum).
   */
  record Verdict(int lost, List<String> violations, int staleReads) {

    boolean passed() {
      return violations.isEmpty();
    }
  }

  /**
   * What the drill knows besides the history: the singletons, the instances that vanished with a fault and when the
   * mesh had recovered, and which reads may be stale by design (a minority side of a partition keeps serving reads
   * from the data it has).
   */
  record Expectations(Set<String> singletons, Set<String> vanishedInstances, Long recoveredAtNanos,
                      Predicate<Operation> staleReadAllowed) {
  }

  private final List<Operation> operations;
  private final FinalState state;
  private final Expectations expectations;
  private final List<String> violations = new ArrayList<>();
  private int lost;
  private int staleReads;

  private HistoryChecker(List<Operation> operations, FinalState state, Expectations expectations) {
    this.operations = operations.stream().sorted(Comparator.comparingLong(Operation::invokedNanos)).toList();
    this.state = state;
    this.expectations = expectations;
  }

  static Verdict check(List<Operation> operations, FinalState state, Expectations expectations) {
    HistoryChecker checker = new HistoryChecker(operations, state, expectations);
    checker.checkArticles();
    checker.checkReadsNeverGoBack();
    checker.checkViews();
    checker.checkWorkflows();
    checker.checkSingletons();
    checker.checkVanishedInstances();
    return new Verdict(checker.lost, List.copyOf(checker.violations), checker.staleReads);
  }

  private void checkArticles() {
    Map<String, List<Operation>> updates = operations.stream().filter(op -> op.type() == Type.UPDATE)
      .collect(Collectors.groupingBy(Operation::articleId, LinkedHashMap::new, Collectors.toList()));
    for (Operation create : acknowledged(Type.CREATE)) {
      String id = create.articleId();
      List<Operation> edits = updates.getOrDefault(id, List.of());
      for (NodeView node : state.nodes().values()) {
        ArticleView article = node.articles().get(id);
        if (article == null) {
          violations.add("article " + id + ": node " + node.name() + " did not answer its final read");
        } else if (article.missing()) {
          loss("article " + id + " (created, acknowledged #" + create.seq() + ") is missing on node " + node.name());
        } else {
          checkLastWriteKept(id, create, edits, node.name(), article);
        }
      }
      if (state.nodes().values().stream().map(n -> n.articles().get(id)).filter(Objects::nonNull).distinct().count() > 1) {
        violations.add("article " + id + ": nodes disagree on its final state "
          + state.nodes().values().stream().collect(Collectors.toMap(NodeView::name, n -> String.valueOf(n.articles().get(id)))));
      }
    }
  }

  /** The final title is the last acknowledged update's, or a later update's whose outcome the client could not know. */
  private void checkLastWriteKept(String id, Operation create, List<Operation> edits, String node, ArticleView article) {
    Operation lastAcknowledged = edits.stream().filter(Operation::ok).max(Comparator.comparingLong(Operation::version))
      .orElse(null);
    long acknowledgedVersion = lastAcknowledged == null ? 1 : lastAcknowledged.version() + 1;
    String acknowledgedTitle = lastAcknowledged == null ? create.value() : lastAcknowledged.value();
    if (article.version() < acknowledgedVersion) {
      loss("article " + id + " on node " + node + " is at version " + article.version() + ", below the acknowledged "
        + acknowledgedVersion);
      return;
    }
    if (acknowledgedTitle.equals(article.title())) {
      return;
    }
    boolean laterUnknownWrite = edits.stream().anyMatch(op -> op.mayHaveApplied() && op.version() >= acknowledgedVersion
      && op.value().equals(article.title()));
    if (!laterUnknownWrite) {
      loss("article " + id + " on node " + node + " reads '" + article.title() + "' (version " + article.version()
        + "): the acknowledged update '" + acknowledgedTitle + "' (version " + acknowledgedVersion + ") was lost");
    }
  }

  /**
   * A read invoked after another call on the article saw version v completed must see v or later. A read the drill
   * allows to be stale (through a side without quorum) binds no later read either: that side serves what it holds,
   * which may also be a write it applied but could not replicate, whose caller was never told it succeeded.
   */
  private void checkReadsNeverGoBack() {
    Map<String, List<long[]>> seen = new HashMap<>();
    Map<String, Long> acknowledgedCreateAt = new HashMap<>();
    for (Operation op : operations) {
      if (!op.ok() || op.articleId() == null) {
        continue;
      }
      long version = switch (op.type()) {
        case CREATE -> 1;
        case UPDATE -> op.version() + 1;
        case READ -> op.version();
        default -> 0;
      };
      if (op.type() == Type.CREATE) {
        acknowledgedCreateAt.put(op.articleId(), op.completedNanos());
      }
      boolean bindsLaterReads = !(op.type() == Type.READ && expectations.staleReadAllowed().test(op));
      if (version > 0 && bindsLaterReads) {
        seen.computeIfAbsent(op.articleId(), k -> new ArrayList<>()).add(new long[] {op.completedNanos(), version});
      }
    }
    for (Operation read : operations) {
      if (read.type() != Type.READ || read.articleId() == null) {
        continue;
      }
      Long createdAt = acknowledgedCreateAt.get(read.articleId());
      boolean staleAllowed = expectations.staleReadAllowed().test(read);
      if (read.status() == 404 && createdAt != null && createdAt < read.invokedNanos()) {
        if (staleAllowed) {
          staleReads++;
        } else {
          loss("read #" + read.seq() + " through " + read.gateway() + " got 404 for article " + read.articleId()
            + " whose create was acknowledged before it");
        }
        continue;
      }
      if (!read.ok()) {
        continue;
      }
      long floor = seen.getOrDefault(read.articleId(), List.of()).stream()
        .filter(s -> s[0] < read.invokedNanos()).mapToLong(s -> s[1]).max().orElse(0);
      if (read.version() < floor && staleAllowed) {
        staleReads++;
      } else if (read.version() < floor) {
        violations.add("read #" + read.seq() + " of article " + read.articleId() + " through " + read.gateway()
          + " saw version " + read.version() + " after version " + floor + " was acknowledged: versions went backwards");
      }
    }
  }

  private void checkViews() {
    Map<String, long[]> bounds = new HashMap<>();
    for (Operation op : operations) {
      if (op.type() == Type.VIEW) {
        long[] b = bounds.computeIfAbsent(op.articleId(), k -> new long[2]);
        b[0] += op.ok() ? 1 : 0;
        b[1] += op.mayHaveApplied() ? 1 : 0;
      }
    }
    bounds.forEach((id, b) -> {
      for (NodeView node : state.nodes().values()) {
        Long views = node.views().get(id);
        if (views == null) {
          violations.add("views of article " + id + ": node " + node.name() + " did not answer");
        } else if (views < b[0]) {
          loss("views of article " + id + " on node " + node.name() + ": " + views + " < " + b[0] + " acknowledged "
            + operations.stream().filter(op -> op.type() == Type.VIEW && id.equals(op.articleId()) && op.ok())
              .map(op -> op.gateway() + "@" + op.invokedNanos() / 1_000_000 + "ms=" + op.value()).toList());
        } else if (views > b[1]) {
          violations.add("views of article " + id + " on node " + node.name() + ": " + views + " > " + b[1]
            + " attempted: a view was counted twice");
        }
      }
    });
  }

  private void checkWorkflows() {
    for (Operation publish : acknowledged(Type.PUBLISH)) {
      String workflow = publish.value();
      String end = state.workflowStates().get(workflow);
      if (end == null || !TERMINAL_WORKFLOW_STATES.contains(end)) { // absent: stuck too (Set.of contains(null) throws)
        violations.add("workflow " + workflow + " of article " + publish.articleId() + " is stuck: " + end);
      }
    }
  }

  private void checkSingletons() {
    Map<String, Long> running = state.nodes().values().stream().flatMap(n -> n.localSingletons().stream())
      .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    for (String singleton : expectations.singletons()) {
      long instances = running.getOrDefault(singleton, 0L);
      if (instances != 1) {
        violations.add("singleton " + shortName(singleton) + " runs " + instances + " times, not once: "
          + state.nodes().values().stream().filter(n -> n.localSingletons().contains(singleton)).map(NodeView::name).toList());
      }
    }
    for (NodeView node : state.nodes().values()) {
      node.singletonOwners().forEach((singleton, owner) -> {
        if (!node.memberNodeIds().contains(owner)) {
          violations.add("node " + node.name() + " says singleton " + shortName(singleton) + " is held by " + owner
            + ", not a member");
        }
      });
    }
  }

  private void checkVanishedInstances() {
    for (NodeView node : state.nodes().values()) {
      node.instanceNodeIds().forEach((instance, nodeId) -> {
        if (!node.memberNodeIds().contains(nodeId) || expectations.vanishedInstances().contains(instance)) {
          violations.add("node " + node.name() + " still lists instance " + instance + " of a vanished node");
        }
      });
    }
    if (expectations.recoveredAtNanos() == null) {
      return;
    }
    List<Operation> servedByVanished = operations.stream()
      .filter(op -> op.invokedNanos() > expectations.recoveredAtNanos() && op.servedBy() != null
        && expectations.vanishedInstances().contains(op.servedBy()))
      .toList();
    if (!servedByVanished.isEmpty()) {
      violations.add(servedByVanished.size() + " call(s) after recovery were served by a vanished instance, first #"
        + servedByVanished.get(0).seq() + " by " + servedByVanished.get(0).servedBy());
    }
  }

  private List<Operation> acknowledged(Type type) {
    return operations.stream().filter(op -> op.type() == type && op.ok()).toList();
  }

  private void loss(String violation) {
    lost++;
    violations.add("LOST: " + violation);
  }

  static String shortName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
