package io.reactivemesh.drill;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every node of the mesh shows once a drill is over: the articles, view counts and workflows the workload touched,
 * as read through each node's gateway, and each node's picture of the mesh (members, the singletons it runs, the
 * service instances it would send to, the singleton owners).
 */
record FinalState(Map<String, NodeView> nodes, Map<String, String> workflowStates) {

  /** An article as one node reads it; {@link #MISSING} when the node answered 404. */
  record ArticleView(long version, String title, String status) {

    static final ArticleView MISSING = new ArticleView(0, null, null);

    boolean missing() {
      return version == 0;
    }
  }

  /**
   * One node's answers.
   *
   * @param memberNodeIds    node ids of the members it sees
   * @param localSingletons  singletons running on it ({@code /mesh/nodes})
   * @param instanceNodeIds  instance id -> node id of every instance in its {@code /mesh/services}
   * @param singletonOwners  singleton -> owner node id ({@code /mesh/singletons}, released ones left out)
   * @param articles         article id -> what it reads; absent when the read failed (no answer, 5xx)
   * @param views            article id -> view count it reads
   */
  record NodeView(String name, String nodeId, Set<String> memberNodeIds, List<String> localSingletons,
                  Map<String, String> instanceNodeIds, Map<String, String> singletonOwners,
                  Map<String, ArticleView> articles, Map<String, Long> views) {
  }

  /** Whether every node reads the same view count for every article (no increment still on its way). */
  boolean viewsAgree() {
    return nodes.values().stream().map(NodeView::views).distinct().count() <= 1;
  }
}
