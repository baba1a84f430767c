package io.reactivemesh.node;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every bundled Hazelcast config is well-formed XML: hosts.xml once carried "--" inside a comment, which XML forbids,
 * and no node could start with it (found by the partition drill, the first to use it).
 */
class ClusterConfigFilesTest {

  @ParameterizedTest
  @ValueSource(strings = {"local.xml", "hosts.xml", "kubernetes.xml"})
  void shouldParseEveryBundledClusterConfig(String file) throws Exception {
    try (InputStream xml = getClass().getResourceAsStream("/cluster-config/" + file)) {
      assertThat(xml).as("cluster-config/%s on the classpath", file).isNotNull();
      assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml).getDocumentElement().getTagName())
        .isEqualTo("hazelcast");
    }
  }
}
