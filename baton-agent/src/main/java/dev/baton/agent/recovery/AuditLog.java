package dev.baton.agent.recovery;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.agent.json.Json;
import dev.baton.coord.CasResult;
import dev.baton.coord.CoordinationStore;
import dev.baton.core.cluster.ClusterStateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** The cluster's recovery records, newest last, kept in the coordination store so every manager shows the same. */
public final class AuditLog {
  /** Older records are dropped beyond this many. */
  public static final int MAX_RECORDS = 200;
  private static final TypeReference<List<RecoveryRecord>> LIST = new TypeReference<>() {};

  private final CoordinationStore store;
  private final String key;

  public AuditLog(CoordinationStore store, String cluster) {
    this.store = store;
    this.key = "clusters/" + cluster + "/recoveries";
  }

  public List<RecoveryRecord> all() {
    return store.get(key).map(d -> decode(d.value())).orElse(List.of());
  }

  /** Adds the record, or replaces the one with the same id. */
  public void put(RecoveryRecord record) {
    update(list -> {
      List<RecoveryRecord> next = new ArrayList<>(list.stream().filter(r -> !r.id().equals(record.id())).toList());
      next.add(record);
      return next.size() > MAX_RECORDS ? next.subList(next.size() - MAX_RECORDS, next.size()) : next;
    });
  }

  public void acknowledgeAll() {
    update(list -> list.stream().map(RecoveryRecord::acknowledge).toList());
  }

  private void update(UnaryOperator<List<RecoveryRecord>> change) {
    for (int attempt = 0; attempt < SharedState.MAX_ATTEMPTS; attempt++) {
      var current = store.get(key);
      long version = current.map(d -> d.version()).orElse(0L);
      List<RecoveryRecord> next = change.apply(current.map(d -> decode(d.value())).orElse(List.of()));
      if (store.compareAndSet(key, version, encode(next)) instanceof CasResult.Written) {
        return;
      }
    }
    throw new ClusterStateException("the recovery log kept changing under an update; retry");
  }

  private static byte[] encode(List<RecoveryRecord> list) {
    try {
      return Json.MAPPER.writeValueAsBytes(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<RecoveryRecord> decode(byte[] bytes) {
    try {
      return Json.MAPPER.readValue(bytes, LIST);
    } catch (IOException e) {
      throw new UncheckedIOException("the recovery log in the store cannot be read", e);
    }
  }
}
