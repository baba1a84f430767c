package io.reactivemesh.drill;

import io.reactivemesh.drill.FinalState.ArticleView;
import io.reactivemesh.drill.FinalState.NodeView;
import io.reactivemesh.drill.HistoryChecker.Expectations;
import io.reactivemesh.drill.HistoryChecker.Verdict;
import io.reactivemesh.drill.Operation.Outcome;
import io.reactivemesh.drill.Operation.Type;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The drill history checker's rules, each shown failing on a small hand-made history that breaks it. */
class HistoryCheckerTest {

  private static final String ARTICLE = "a1";
  private static final String FEED = "io.reactivemesh.publishing.FeedProjectorVerticle";
  private static final Set<String> MEMBERS = Set.of("n1", "n2", "n3");
  private static final Expectations NO_FAULT = new Expectations(Set.of(), Set.of(), null, op -> false);
  /** A partition drill's expectations: reads through n3, the cut-off node, may be stale. */
  private static final Expectations N3_CUT_OFF = new Expectations(Set.of(), Set.of(), null,
    op -> op.gateway().equals("n3"));

  private long seq;

  /** A call on {@link #ARTICLE} through {@code gateway}, invoked at {@code atMs} and answered 10 ms later. */
  private Operation call(Type type, String gateway, long atMs, int status, Outcome outcome, long version,
                         String value) {
    return new Operation(++seq, type, gateway, ARTICLE, atMs * 1_000_000, (atMs + 10) * 1_000_000, status, outcome,
      version, value, "i-" + gateway, 0, null);
  }

  private Operation create(long atMs, String title) {
    return call(Type.CREATE, "n1", atMs, 201, Outcome.OK, 1, title);
  }

  /** A compare-and-set update under {@code If-Match: ifMatch}; unknown means a 504. */
  private Operation update(String gateway, long atMs, Outcome outcome, long ifMatch, String title) {
    int status = switch (outcome) {
      case OK -> 200;
      case REJECTED -> 412;
      case FAILED -> 500;
      case UNKNOWN -> 504;
    };
    return call(Type.UPDATE, gateway, atMs, status, outcome, ifMatch, title);
  }

  private Operation read(String gateway, long atMs, long version) {
    return call(Type.READ, gateway, atMs, 200, Outcome.OK, version, null);
  }

  private Operation view(long atMs, Outcome outcome) {
    return call(Type.VIEW, "n1", atMs, outcome == Outcome.OK ? 202 : 504, outcome, 0, null);
  }

  private Operation publish(long atMs, String workflowId) {
    return call(Type.PUBLISH, "n1", atMs, 202, Outcome.OK, 0, workflowId);
  }

  private static ArticleView article(long version, String title) {
    return new ArticleView(version, title, "draft");
  }

  /** A node of the mesh n1..n3: reads {@code article} (null: no answer) and {@code views}; runs {@code singletons}. */
  private static NodeView node(String name, ArticleView article, long views, String... singletons) {
    return new NodeView(name, name, MEMBERS, List.of(singletons), Map.of(), Map.of(),
      article == null ? Map.of() : Map.of(ARTICLE, article), Map.of(ARTICLE, views));
  }

  private static FinalState state(Map<String, String> workflows, NodeView... nodes) {
    Map<String, NodeView> byName = new LinkedHashMap<>();
    for (NodeView node : nodes) {
      byName.put(node.name(), node);
    }
    return new FinalState(byName, workflows);
  }

  private static FinalState state(NodeView... nodes) {
    return state(Map.of(), nodes);
  }

  @Test
  void shouldPassWhenEveryAcknowledgedWriteIsOnEveryNode() {
    List<Operation> ops = List.of(create(0, "t0"), update("n2", 20, Outcome.OK, 1, "A"), read("n3", 40, 2),
      view(50, Outcome.OK), publish(60, "w1"));
    FinalState state = state(Map.of("w1", "completed"),
      node("n1", article(2, "A"), 1, FEED), node("n2", article(2, "A"), 1), node("n3", article(2, "A"), 1));

    Verdict verdict = HistoryChecker.check(ops, state, new Expectations(Set.of(FEED), Set.of(), null, op -> false));

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.passed()).isTrue();
    assertThat(verdict.lost()).isZero();
    assertThat(verdict.staleReads()).isZero();
  }

  @Test
  void shouldCountACreateLostWhenANodeReadsTheArticleMissing() {
    List<Operation> ops = List.of(create(0, "t0"));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0),
      node("n2", ArticleView.MISSING, 0)), NO_FAULT);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.violations())
      .contains("LOST: article a1 (created, acknowledged #1) is missing on node n2")
      .anySatisfy(v -> assertThat(v).startsWith("article a1: nodes disagree on its final state"));
  }

  @Test
  void shouldReportButNotCountLostWhenANodeDoesNotAnswerItsFinalRead() {
    List<Operation> ops = List.of(create(0, "t0"));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0), node("n2", null, 0)),
      NO_FAULT);

    assertThat(verdict.lost()).isZero();
    assertThat(verdict.violations()).containsExactly("article a1: node n2 did not answer its final read");
  }

  @Test
  void shouldCountACreateLostWhenAReadAfterItsAcknowledgementGets404() {
    List<Operation> ops = List.of(create(0, "t0"), call(Type.READ, "n2", 20, 404, Outcome.REJECTED, 0, null));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0)), NO_FAULT);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.violations())
      .containsExactly("LOST: read #2 through n2 got 404 for article a1 whose create was acknowledged before it");
  }

  @Test
  void shouldCountAStale404WhenTheDrillAllowsTheReadToBeStale() {
    List<Operation> ops = List.of(create(0, "t0"), call(Type.READ, "n3", 20, 404, Outcome.REJECTED, 0, null),
      call(Type.READ, "n2", 5, 404, Outcome.REJECTED, 0, null));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0)), N3_CUT_OFF);

    // the 404 through n2 was invoked before the create was acknowledged: no fault either way
    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.staleReads()).isEqualTo(1);
  }

  @Test
  void shouldReportAViolationWhenNodesDisagreeOnAnArticle() {
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"),
      update("n1", 40, Outcome.UNKNOWN, 2, "B"));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(3, "B"), 0), node("n2", article(2, "A"), 0)),
      NO_FAULT);

    assertThat(verdict.lost()).isZero();
    assertThat(verdict.violations()).singleElement().asString().startsWith("article a1: nodes disagree");
  }

  @Test
  void shouldCountAnUpdateLostWhenANodeIsBelowTheAcknowledgedVersion() {
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0)), NO_FAULT);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.violations())
      .containsExactly("LOST: article a1 on node n1 is at version 1, below the acknowledged 2");
  }

  @Test
  void shouldCountAnUpdateLostWhenTheFinalTitleIsAnEarlierUnknownWrite() {
    // two updates raced under If-Match 1: "A" was acknowledged, so "U" cannot have won, yet the node reads "U"
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"),
      update("n2", 22, Outcome.UNKNOWN, 1, "U"));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(2, "U"), 0)), NO_FAULT);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.violations()).containsExactly(
      "LOST: article a1 on node n1 reads 'U' (version 2): the acknowledged update 'A' (version 2) was lost");
  }

  @Test
  void shouldNotCountAnUpdateLostWhenALaterUnknownUpdateWroteTheFinalTitle() {
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"),
      update("n2", 40, Outcome.UNKNOWN, 2, "B"));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(3, "B"), 0), node("n2", article(3, "B"), 0)),
      NO_FAULT);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.lost()).isZero();
  }

  @Test
  void shouldNeverCountACallLostWhenItsOutcomeIsUnknown() {
    Operation unknownCreate = new Operation(++seq, Type.CREATE, "n2", null, 30_000_000, 40_000_000, 504,
      Outcome.UNKNOWN, 0, "t9", null, 0, "timeout");
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.UNKNOWN, 1, "U"), unknownCreate,
      view(50, Outcome.UNKNOWN));

    Verdict notApplied = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0)), NO_FAULT);
    Verdict applied = HistoryChecker.check(ops, state(node("n1", article(2, "U"), 1)), NO_FAULT);

    assertThat(notApplied.violations()).isEmpty();
    assertThat(notApplied.lost()).isZero();
    assertThat(applied.violations()).isEmpty();
    assertThat(applied.lost()).isZero();
  }

  @Test
  void shouldReportAViolationWhenAReadSeesAVersionOlderThanACompletedUpdate() {
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"), read("n3", 40, 1));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(2, "A"), 0)), NO_FAULT);

    assertThat(verdict.lost()).isZero();
    assertThat(verdict.staleReads()).isZero();
    assertThat(verdict.violations()).containsExactly(
      "read #3 of article a1 through n3 saw version 1 after version 2 was acknowledged: versions went backwards");
  }

  @Test
  void shouldPassWhenAReadSeeingTheOldVersionOverlapsTheUpdate() {
    // the update completes at 30 ms; the read was invoked at 29 ms, before it was acknowledged
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"), read("n3", 29, 1));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(2, "A"), 0)), NO_FAULT);

    assertThat(verdict.violations()).isEmpty();
  }

  @Test
  void shouldCountAStaleReadInsteadWhenTheDrillAllowsTheReadToBeStale() {
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.OK, 1, "A"), read("n3", 40, 1));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(2, "A"), 0)), N3_CUT_OFF);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.staleReads()).isEqualTo(1);
  }

  @Test
  void shouldReportAViolationWhenAReadSeesAVersionOlderThanAnEarlierRead() {
    // an unknown update applied: one read saw it, a later read did not
    List<Operation> ops = List.of(create(0, "t0"), update("n1", 20, Outcome.UNKNOWN, 1, "U"), read("n1", 40, 2),
      read("n2", 60, 1));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(2, "U"), 0)), N3_CUT_OFF);

    assertThat(verdict.violations()).containsExactly(
      "read #4 of article a1 through n2 saw version 1 after version 2 was acknowledged: versions went backwards");
  }

  @Test
  void shouldNotBindLaterReadsWhenAStaleAllowedReadSawAHigherVersion() {
    // the cut-off node n3 applied an update it could not replicate and read it back; the majority never had it
    List<Operation> ops = List.of(create(0, "t0"), update("n3", 20, Outcome.UNKNOWN, 1, "U"), read("n3", 40, 2),
      read("n1", 60, 1));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0)), N3_CUT_OFF);

    assertThat(verdict.violations()).isEmpty();
    assertThat(verdict.staleReads()).isZero();
  }

  @Test
  void shouldCountViewsLostWhenANodeCountsFewerThanTheAcknowledged() {
    List<Operation> ops = List.of(create(0, "t0"), view(10, Outcome.OK), view(20, Outcome.OK),
      view(30, Outcome.UNKNOWN));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 2), node("n2", article(1, "t0"), 1)),
      NO_FAULT);

    assertThat(verdict.lost()).isEqualTo(1);
    assertThat(verdict.violations()).singleElement().asString()
      .startsWith("LOST: views of article a1 on node n2: 1 < 2 acknowledged");
  }

  @Test
  void shouldReportAViolationWhenANodeCountsMoreViewsThanWereAttempted() {
    List<Operation> ops = List.of(create(0, "t0"), view(10, Outcome.OK), view(20, Outcome.OK),
      view(30, Outcome.UNKNOWN));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 3), node("n2", article(1, "t0"), 4)),
      NO_FAULT);

    assertThat(verdict.lost()).isZero();
    assertThat(verdict.violations())
      .containsExactly("views of article a1 on node n2: 4 > 3 attempted: a view was counted twice");
  }

  @Test
  void shouldPassWhenTheViewCountLiesBetweenTheAcknowledgedAndTheAttempted() {
    List<Operation> ops = List.of(create(0, "t0"), view(10, Outcome.OK), view(20, Outcome.OK),
      view(30, Outcome.UNKNOWN));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 2), node("n2", article(1, "t0"), 3)),
      NO_FAULT);

    assertThat(verdict.violations()).isEmpty();
  }

  @Test
  void shouldReportAViolationWhenASingletonRunsTwice() {
    Verdict verdict = HistoryChecker.check(List.of(), state(node("n1", null, 0, FEED), node("n2", null, 0, FEED),
      node("n3", null, 0)), new Expectations(Set.of(FEED), Set.of(), null, op -> false));

    assertThat(verdict.violations())
      .containsExactly("singleton FeedProjectorVerticle runs 2 times, not once: [n1, n2]");
  }

  @Test
  void shouldReportAViolationWhenASingletonRunsNowhere() {
    Verdict verdict = HistoryChecker.check(List.of(), state(node("n1", null, 0), node("n2", null, 0)),
      new Expectations(Set.of(FEED), Set.of(), null, op -> false));

    assertThat(verdict.violations()).containsExactly("singleton FeedProjectorVerticle runs 0 times, not once: []");
  }

  @Test
  void shouldReportAViolationWhenANodeNamesASingletonOwnerThatIsNotAMember() {
    NodeView n1 = new NodeView("n1", "n1", MEMBERS, List.of(FEED), Map.of(), Map.of(FEED, "n1"), Map.of(), Map.of());
    NodeView n2 = new NodeView("n2", "n2", MEMBERS, List.of(), Map.of(), Map.of(FEED, "n9"), Map.of(), Map.of());

    Verdict verdict = HistoryChecker.check(List.of(), state(n1, n2),
      new Expectations(Set.of(FEED), Set.of(), null, op -> false));

    assertThat(verdict.violations())
      .containsExactly("node n2 says singleton FeedProjectorVerticle is held by n9, not a member");
  }

  @Test
  void shouldReportAViolationWhenAnAcknowledgedWorkflowIsNotTerminal() {
    Operation unknownPublish = call(Type.PUBLISH, "n2", 80, 504, Outcome.UNKNOWN, 0, null);
    List<Operation> ops = List.of(create(0, "t0"), publish(20, "w1"), publish(40, "w2"), unknownPublish);

    Verdict verdict = HistoryChecker.check(ops, state(Map.of("w1", "running", "w2", "compensated"),
      node("n1", article(1, "t0"), 0)), NO_FAULT);

    assertThat(verdict.violations()).containsExactly("workflow w1 of article a1 is stuck: running");
  }

  @Test
  void shouldReportAViolationWhenAnAcknowledgedWorkflowIsAbsentFromTheFinalState() {
    List<Operation> ops = List.of(create(0, "t0"), publish(20, "w1"));

    Verdict verdict = HistoryChecker.check(ops, state(Map.of(), node("n1", article(1, "t0"), 0)), NO_FAULT);

    assertThat(verdict.violations()).containsExactly("workflow w1 of article a1 is stuck: null");
  }

  @Test
  void shouldReportAViolationWhenANodeStillListsAnInstanceOfAVanishedNode() {
    NodeView n1 = new NodeView("n1", "n1", MEMBERS, List.of(), Map.of("i-n1", "n1", "i-n9", "n9"), Map.of(), Map.of(),
      Map.of());
    NodeView n2 = new NodeView("n2", "n2", MEMBERS, List.of(), Map.of("i-n1", "n1", "i-n3", "n3"), Map.of(), Map.of(),
      Map.of());

    Verdict verdict = HistoryChecker.check(List.of(), state(n1, n2),
      new Expectations(Set.of(), Set.of("i-n3"), null, op -> false));

    assertThat(verdict.violations()).containsExactlyInAnyOrder(
      "node n1 still lists instance i-n9 of a vanished node", "node n2 still lists instance i-n3 of a vanished node");
  }

  @Test
  void shouldReportAViolationWhenACallAfterRecoveryIsServedByAVanishedInstance() {
    // recovered at 50 ms: the read through n3 at 40 ms may still reach the vanished instance, the one at 60 ms not
    List<Operation> ops = List.of(create(0, "t0"), read("n3", 40, 1), read("n1", 60, 1), read("n3", 60, 1));

    Verdict verdict = HistoryChecker.check(ops, state(node("n1", article(1, "t0"), 0)),
      new Expectations(Set.of(), Set.of("i-n3"), 50_000_000L, op -> false));

    assertThat(verdict.violations())
      .containsExactly("1 call(s) after recovery were served by a vanished instance, first #4 by i-n3");
  }
}
