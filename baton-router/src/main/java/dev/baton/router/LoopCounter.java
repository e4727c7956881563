package dev.baton.router;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count that the event loops add to, each in a slot of its own: the data path bumps it with a
 * plain store into a cache line no other core writes. A LongAdder there took about 3% of the
 * router's CPU at 64 client threads (async-profiler), its base bouncing between the two loops'
 * cores until contention splits it. Readers on other threads sum the slots and may miss the
 * latest additions.
 */
final class LoopCounter {
  /** Longs per slot: 64 bytes, so two loops never write the same cache line. */
  private static final int STRIDE = 8;

  private final AtomicLongArray slots;

  LoopCounter(int loops) {
    this.slots = new AtomicLongArray(loops * STRIDE);
  }

  /** Only ever called on the event loop numbered {@code loop}, the slot's single writer. */
  void add(int loop, long n) {
    int i = loop * STRIDE;
    slots.setOpaque(i, slots.getPlain(i) + n);
  }

  long sum() {
    long total = 0;
    for (int i = 0; i < slots.length(); i += STRIDE) {
      total += slots.getOpaque(i);
    }
    return total;
  }

  /** The number of {@code loop} within {@code group}, the slot its connections count in. */
  static int indexOf(EventLoopGroup group, EventLoop loop) {
    int i = 0;
    for (EventExecutor e : group) {
      if (e == loop) {
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException(loop + " is not one of the router's event loops");
  }
}
