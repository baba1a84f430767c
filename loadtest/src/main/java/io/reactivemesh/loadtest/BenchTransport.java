package io.reactivemesh.loadtest;

import io.vertx.core.transport.Transport;

/**
 * The transport the benchmark's reference servers run on, the same as the nodes beside them: the system property
 * {@value #PROPERTY} is {@code native} (Netty's epoll, the node's default; the default here too) or {@code nio}.
 */
final class BenchTransport {

  static final String PROPERTY = "bench.transport";

  private BenchTransport() {
  }

  /** The transport to build Vert.x with; fails rather than measure a reference on another transport than asked. */
  static Transport chosen() {
    String wanted = System.getProperty(PROPERTY, "native");
    switch (wanted) {
      case "nio":
        return Transport.NIO;
      case "native":
        if (!Transport.EPOLL.available()) {
          throw new IllegalStateException("-D" + PROPERTY + "=native but epoll cannot load: "
            + Transport.EPOLL.unavailabilityCause());
        }
        return Transport.EPOLL;
      default:
        throw new IllegalArgumentException("-D" + PROPERTY + " must be native or nio, got '" + wanted + "'");
    }
  }
}
