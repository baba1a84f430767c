package io.reactivemesh.loadtest;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ids of articles this run created, shared by its virtual users: writers add, readers pick one at random. A fixed
 * ring, so that a long run keeps reading recent articles in bounded memory.
 */
final class KnownArticles {

  private static final int CAPACITY = 10_000;
  private final AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(CAPACITY);
  private final AtomicLong added = new AtomicLong();

  void add(String id) {
    ids.set((int) (added.getAndIncrement() % CAPACITY), id);
  }

  /** A random known id, or null while none is known yet. */
  String any() {
    long count = Math.min(added.get(), CAPACITY);
    if (count == 0) {
      return null;
    }
    return ids.get(ThreadLocalRandom.current().nextInt((int) count));
  }
}
