package dev.baton.coord.raft;

import dev.baton.coord.CoordinationStore;
import dev.baton.coord.CoordinationStoreConformance;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The conformance suite on a three-peer Raft group in this JVM, stores on two different peers. */
class RaftCoordinationStoreIT extends CoordinationStoreConformance {
  private RaftTestGroup group;
  private CoordinationStore store;
  private CoordinationStore other;

  @Override
  protected void startBackend(Path dir) {
    group = RaftTestGroup.start(dir, 3, UnaryOperator.identity());
    openStores();
  }

  @Override
  protected void stopBackend() {
    if (group != null) {
      group.close();
    }
  }

  @Override
  protected CoordinationStore store() {
    return store;
  }

  @Override
  protected CoordinationStore otherStore() {
    return other;
  }

  @Override
  protected void restartBackend() {
    group.close();
    group.ids().forEach(group::start);
    openStores();
  }

  private void openStores() {
    store = group.storeOn("n1");
    other = group.storeOn("n2");
  }
}
