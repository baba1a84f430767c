package io.reactivemesh.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * Free loopback ports for tests, so that suites never collide with each other or with a node a developer runs.
 * <p>
 * Ports come from {@link #LOW}-{@link #HIGH}, below Linux's ephemeral range (32768-60999): a port the kernel may hand
 * to an outgoing connection (a Hazelcast member dialling another) can be taken between the pick and the node's bind,
 * which CI saw as "cannot listen on 127.0.0.1:40199 (Address already in use)". Each JVM starts at a random place in
 * the range and never hands out a port twice, so concurrent test JVMs and consecutive tests do not pick the same one.
 */
public final class FreePorts {

  static final int LOW = 20_000;
  static final int HIGH = 32_000;
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(LOW, HIGH));

  private FreePorts() {
  }

  /** {@code count} distinct ports that were free on 127.0.0.1 a moment ago. */
  public static List<Integer> pick(int count) {
    return IntStream.range(0, count).mapToObj(i -> consecutive(1)).toList();
  }

  /** The first of {@code count} consecutive ports that were all free on 127.0.0.1 a moment ago. */
  public static int consecutive(int count) {
    for (int attempt = 0; attempt < HIGH - LOW; attempt++) {
      int base = NEXT.getAndUpdate(port -> port + count >= HIGH ? LOW : port + count);
      if (base + count <= HIGH && IntStream.range(base, base + count).allMatch(FreePorts::isFree)) {
        return base;
      }
    }
    throw new IllegalStateException("no " + count + " free consecutive ports in " + LOW + "-" + HIGH);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
