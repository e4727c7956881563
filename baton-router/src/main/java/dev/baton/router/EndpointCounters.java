package dev.baton.router;

import java.util.concurrent.atomic.LongAdder;

/** One endpoint's counters, bumped from every event loop without contention. */
final class EndpointCounters {
  private final LongAdder accepted = new LongAdder();
  private final LongAdder active = new LongAdder();
  private final LongAdder held = new LongAdder();
  private final LongAdder draining = new LongAdder();
  private final LongAdder failedConnects = new LongAdder();
  private final LoopCounter bytesClientToServer;
  private final LoopCounter bytesServerToClient;

  EndpointCounters(int loops) {
    this.bytesClientToServer = new LoopCounter(loops);
    this.bytesServerToClient = new LoopCounter(loops);
  }

  void opened() {
    accepted.increment();
    active.increment();
  }

  void closed() {
    active.decrement();
  }

  void holdStarted() {
    held.increment();
  }

  void holdEnded() {
    held.decrement();
  }

  void drainStarted() {
    draining.increment();
  }

  void drainEnded() {
    draining.decrement();
  }

  void connectFailed() {
    failedConnects.increment();
  }

  void clientToServer(int loop, int bytes) {
    bytesClientToServer.add(loop, bytes);
  }

  void serverToClient(int loop, int bytes) {
    bytesServerToClient.add(loop, bytes);
  }

  EndpointStats snapshot() {
    return new EndpointStats(accepted.sum(), active.sum(), held.sum(), draining.sum(), failedConnects.sum(),
        bytesClientToServer.sum(), bytesServerToClient.sum());
  }
}
