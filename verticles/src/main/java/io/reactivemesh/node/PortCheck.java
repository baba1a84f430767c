package io.reactivemesh.node;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks before start that a port the node needs is free, so that a taken port is one clear line for the operator
 * instead of a cluster manager's stack trace.
 */
final class PortCheck {

  private PortCheck() {
  }

  /** Fails with a {@link StartFailure} naming the option when {@code host:port} cannot be bound; port 0 always passes. */
  static void requireFree(String host, int port, Option option) {
    if (port == 0) {
      return;
    }
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw new StartFailure(option.flag() + " " + port + ": cannot listen on " + host + ":" + port + " ("
        + e.getMessage() + ")");
    }
  }
}
