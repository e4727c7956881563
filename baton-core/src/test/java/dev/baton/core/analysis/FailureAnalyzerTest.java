package dev.baton.core.analysis;

import static dev.baton.core.analysis.Probe.UUID_P;
import static dev.baton.core.analysis.Probe.UUID_R;
import static dev.baton.core.analysis.Probe.UUID_S;
import static dev.baton.core.analysis.Probe.address;
import static dev.baton.core.analysis.Probe.primary;
import static dev.baton.core.analysis.Probe.replicaOf;
import static dev.baton.core.analysis.Probe.unreachable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.MariadbGtidPosition;
import dev.baton.core.gtid.MysqlGtidSet;
import dev.baton.core.topology.InstanceObservation;
import dev.baton.core.topology.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureAnalyzerTest {
  private static final InstanceAddress P = address(3310);
  private static final InstanceAddress R1 = address(3311);
  private static final InstanceAddress R2 = address(3312);
  private static final InstanceAddress STRANGER = address(3399);
  private static final Topology TOPOLOGY = new Topology(P, List.of(R1, R2));
  private static final String HISTORY = UUID_P + ":1-100";

  private final Map<InstanceAddress, InstanceObservation> seen = new HashMap<>();

  private void see(Probe... probes) {
    for (Probe p : probes) {
      InstanceObservation o = p.observed();
      seen.put(o.address(), o);
    }
  }

  private void see(InstanceObservation o) {
    seen.put(o.address(), o);
  }

  private void healthy() {
    see(primary(P).gtids(HISTORY), replicaOf(R1, P).gtids(HISTORY), replicaOf(R2, P).gtids(HISTORY));
  }

  /** The cluster's primary is unreachable; each replica's IO thread has lost it (SQL thread still running). */
  private void primaryDown() {
    see(unreachable(P));
    see(replicaOf(R1, P).gtids(HISTORY).threads(false, true), replicaOf(R2, P).gtids(HISTORY).threads(false, true));
  }

  private List<Analysis> analyze() {
    return analyze(TOPOLOGY, Optional.empty(), AnalysisSettings.DEFAULTS);
  }

  private List<Analysis> analyze(Topology topology, Optional<String> primaryAfterReplicas, AnalysisSettings settings) {
    return FailureAnalyzer.analyze(topology, seen, primaryAfterReplicas, settings, MysqlGtidSet::parse);
  }

  private List<Analysis> findings(AnalysisCode code) {
    return analyze().stream().filter(a -> a.code() == code).toList();
  }

  @Test
  void healthyClusterHasNoFindings() {
    healthy();

    assertThat(analyze()).isEmpty();
  }

  // --- the primary cannot be reached

  @Test
  void deadPrimaryWhenEveryReplicaIsReachableAndNoneReceivesFromThePrimary() {
    primaryDown();

    List<Analysis> found = analyze();

    assertThat(found).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.DEAD_PRIMARY);
      assertThat(a.instance()).isEqualTo(P);
      assertThat(a.code().callsForFailover()).isTrue();
      assertThat(a.details()).contains("Connection refused", R1.toString(), R2.toString());
    });
  }

  @Test
  void unreachablePrimaryWhenOneReplicaStillReceivesFromIt() {
    primaryDown();
    see(replicaOf(R2, P).gtids(HISTORY));

    List<Analysis> found = analyze();

    assertThat(found).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.UNREACHABLE_PRIMARY);
      assertThat(a.code().callsForFailover()).isFalse();
      assertThat(a.details()).contains("[" + R2 + "]").doesNotContain(R1.toString());
    });
  }

  @Test
  void aReplicaReceivingFromAnotherSourceDoesNotVouchForThePrimary() {
    primaryDown();
    see(replicaOf(R2, R1).gtids(HISTORY));

    assertThat(analyze()).extracting(Analysis::code).containsExactly(AnalysisCode.DEAD_PRIMARY);
  }

  @Test
  void deadPrimaryAndSomeReplicasWhenAReplicaIsUnreachableToo() {
    primaryDown();
    see(unreachable(R1));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS);
      assertThat(a.code().callsForFailover()).isTrue();
      assertThat(a.details()).contains("only " + R2 + " reachable");
    });
  }

  @Test
  void anUnprobedReplicaCountsAsUnreachable() {
    primaryDown();
    seen.remove(R2);

    assertThat(analyze()).extracting(Analysis::code).containsExactly(AnalysisCode.DEAD_PRIMARY_AND_SOME_REPLICAS);
  }

  @Test
  void deadPrimaryWithoutReplicasDoesNotCallForFailover() {
    see(unreachable(P));
    see(unreachable(R1));
    see(unreachable(R2));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.DEAD_PRIMARY_WITHOUT_REPLICAS);
      assertThat(a.code().callsForFailover()).isFalse();
    });
  }

  @Test
  void anUnprobedPrimaryIsTreatedAsUnreachable() {
    primaryDown();
    seen.remove(P);

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.DEAD_PRIMARY);
      assertThat(a.details()).contains("not probed");
    });
  }

  // --- the primary answers

  @Test
  void noWritablePrimaryWhenThePrimaryIsReadOnly() {
    healthy();
    see(primary(P).gtids(HISTORY).readOnly(true, false));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.NO_WRITABLE_PRIMARY);
      assertThat(a.instance()).isEqualTo(P);
      assertThat(a.details()).contains("read_only=ON", "super_read_only=OFF");
    });
  }

  @Test
  void noWritablePrimaryWhenThePrimaryIsSuperReadOnly() {
    healthy();
    see(primary(P).gtids(HISTORY).readOnly(false, true));

    assertThat(findings(AnalysisCode.NO_WRITABLE_PRIMARY)).singleElement()
        .satisfies(a -> assertThat(a.details()).contains("super_read_only=ON"));
  }

  @Test
  void multipleWritablePrimariesWhenAReplicaAcceptsWrites() {
    healthy();
    see(replicaOf(R2, P).gtids(HISTORY).readOnly(false, false));

    assertThat(findings(AnalysisCode.MULTIPLE_WRITABLE_PRIMARIES)).singleElement().satisfies(a -> {
      assertThat(a.instance()).isEqualTo(P);
      assertThat(a.details()).contains("[" + P + ", " + R2 + "]");
    });
  }

  @Test
  void replicationStoppedWhenBothThreadsStoppedWithoutError() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).threads(false, false));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.REPLICATION_STOPPED);
      assertThat(a.instance()).isEqualTo(R1);
      assertThat(a.details()).isEqualTo("IO thread stopped, SQL thread stopped");
    });
  }

  @Test
  void replicationStoppedWhenOnlyTheSqlThreadStopped() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).threads(true, false));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.REPLICATION_STOPPED);
      assertThat(a.details()).isEqualTo("IO thread running, SQL thread stopped");
    });
  }

  @Test
  void replicationStoppedWhenNoSourceIsConfigured() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).noReplication());

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.REPLICATION_STOPPED);
      assertThat(a.details()).isEqualTo("no replication source configured");
    });
  }

  @Test
  void replicationStoppedWhenReplicatingFromAnInstanceOtherThanThePrimary() {
    healthy();
    see(replicaOf(R1, STRANGER).gtids(HISTORY));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.REPLICATION_STOPPED);
      assertThat(a.details()).isEqualTo("replicates from " + STRANGER + ", not from the primary " + P);
    });
  }

  @Test
  void replicationBrokenCarriesTheServersErrorText() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).threads(true, false).error("Error 'Duplicate entry '7' for key 'PRIMARY''"));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.REPLICATION_BROKEN);
      assertThat(a.instance()).isEqualTo(R1);
      assertThat(a.details()).endsWith(": Error 'Duplicate entry '7' for key 'PRIMARY''");
    });
  }

  @Test
  void replicationBrokenDetailsStayOnOneLineWhenTheErrorSpansLines() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).threads(true, false)
        .error("Error 'Duplicate entry '7' for key 'PRIMARY'' on query. Default database: 'shop'. Query: 'INSERT INTO t\nVALUES (7)'"));

    assertThat(findings(AnalysisCode.REPLICATION_BROKEN)).singleElement()
        .satisfies(a -> assertThat(a.details()).doesNotContain("\n"));
  }

  @Test
  void laggingReplicaOnlyWhenOverTheLimit() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).lag(AnalysisSettings.DEFAULT_LAG_LIMIT_SECONDS + 1),
        replicaOf(R2, P).gtids(HISTORY).lag(AnalysisSettings.DEFAULT_LAG_LIMIT_SECONDS));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.LAGGING_REPLICA);
      assertThat(a.instance()).isEqualTo(R1);
      assertThat(a.details()).isEqualTo("11 s behind the primary (limit 10 s)");
    });
  }

  @Test
  void laggingReplicaUsesTheConfiguredLimit() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).lag(30));

    assertThat(analyze(TOPOLOGY, Optional.empty(), new AnalysisSettings(60))).isEmpty();
    assertThat(analyze(TOPOLOGY, Optional.empty(), new AnalysisSettings(29)))
        .extracting(Analysis::code).containsExactly(AnalysisCode.LAGGING_REPLICA);
  }

  @Test
  void unknownLagIsNotLagging() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).lag(Optional.empty()));

    assertThat(analyze()).isEmpty();
  }

  // --- errant transactions

  @Test
  void errantGtidWhenAReplicaExecutedTransactionsThePrimaryLacks() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY + "," + UUID_R + ":1-3"));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.ERRANT_GTID);
      assertThat(a.instance()).isEqualTo(R1);
      assertThat(a.details()).endsWith("never had: " + UUID_R + ":1-3").doesNotContain(UUID_P);
    });
  }

  @Test
  void aReplicaThatIsMerelyBehindIsNotErrant() {
    healthy();
    see(replicaOf(R1, P).gtids(UUID_P + ":1-60"));

    assertThat(analyze()).isEmpty();
  }

  @Test
  void errantGtidIsJudgedAgainstThePrimarysSetReadAfterTheReplicas() {
    healthy();
    see(replicaOf(R1, P).gtids(UUID_P + ":1-105"));

    assertThat(analyze(TOPOLOGY, Optional.of(UUID_P + ":1-110"), AnalysisSettings.DEFAULTS)).isEmpty();
  }

  @Test
  void withoutTheAfterReadATransactionCommittedMidRoundWouldLookErrant() {
    healthy();
    see(replicaOf(R1, P).gtids(UUID_P + ":1-105"));

    assertThat(findings(AnalysisCode.ERRANT_GTID)).singleElement()
        .satisfies(a -> assertThat(a.details()).endsWith(UUID_P + ":101-105"));
  }

  @Test
  void theAfterReadStillRevealsTransactionsThePrimaryNeverHad() {
    healthy();
    see(replicaOf(R1, P).gtids(UUID_P + ":1-105," + UUID_R + ":1"));

    List<Analysis> found = analyze(TOPOLOGY, Optional.of(UUID_P + ":1-110"), AnalysisSettings.DEFAULTS);

    assertThat(found).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.ERRANT_GTID);
      assertThat(a.details()).endsWith(": " + UUID_R + ":1");
    });
  }

  @Test
  void errantDetailsStayOnOneLineWithSeveralSources() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY + "," + UUID_R + ":1-3," + UUID_S + ":7"));

    assertThat(findings(AnalysisCode.ERRANT_GTID)).singleElement().satisfies(a -> {
      assertThat(a.details()).doesNotContain("\n").endsWith(": " + UUID_R + ":1-3," + UUID_S + ":7");
      assertThat(a.toString()).doesNotContain("\n");
    });
  }

  @Test
  void everyFindingIsOneLineInATroubledClusterWithMultiSourceSets() {
    String twoSources = HISTORY + "," + UUID_S + ":1-9";
    see(primary(P).gtids(twoSources).readOnly(true, true),
        replicaOf(R1, STRANGER).gtids(twoSources + "," + UUID_R + ":1-2:5").readOnly(false, false),
        replicaOf(R2, P).gtids(twoSources).lag(99));

    List<Analysis> found = analyze();

    assertThat(found).extracting(Analysis::code).contains(AnalysisCode.NO_WRITABLE_PRIMARY,
        AnalysisCode.REPLICATION_STOPPED, AnalysisCode.ERRANT_GTID, AnalysisCode.LAGGING_REPLICA);
    assertThat(found).allSatisfy(a -> assertThat(a.toString()).doesNotContain("\n"));
  }

  @Test
  void errantGtidInMariadbWhenAReplicaHasADomainThePrimaryLacks() {
    see(primary(P).gtids("0-1-100"), replicaOf(R1, P).gtids("0-1-100,1-2-7"), replicaOf(R2, P).gtids("0-1-90"));

    List<Analysis> found = FailureAnalyzer.analyze(TOPOLOGY, seen, Optional.empty(), AnalysisSettings.DEFAULTS,
        MariadbGtidPosition::parse);

    assertThat(found).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.ERRANT_GTID);
      assertThat(a.instance()).isEqualTo(R1);
      assertThat(a.details()).endsWith(": 1-2-7");
    });
  }

  // --- redundancy

  @Test
  void primarySingleReplicaDeadWhenTheOnlyReplicaIsUnreachable() {
    see(primary(P).gtids(HISTORY));
    see(unreachable(R1));

    List<Analysis> found = analyze(new Topology(P, List.of(R1)), Optional.empty(), AnalysisSettings.DEFAULTS);

    assertThat(found).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.PRIMARY_SINGLE_REPLICA_DEAD);
      assertThat(a.instance()).isEqualTo(P);
      assertThat(a.details()).contains(R1.toString());
    });
  }

  @Test
  void oneDeadReplicaOutOfTwoIsAnUnreachableReplicaNotPrimarySingleReplicaDead() {
    healthy();
    see(unreachable(R2));

    assertThat(analyze()).singleElement().satisfies(a -> {
      assertThat(a.code()).isEqualTo(AnalysisCode.UNREACHABLE_REPLICA);
      assertThat(a.instance()).isEqualTo(R2);
      assertThat(a.code().callsForFailover()).isFalse();
    });
  }

  @Test
  void allReplicasNotReplicatingWhenEveryReachableReplicaStopped() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).threads(false, false), replicaOf(R2, P).gtids(HISTORY).threads(true, false));

    List<Analysis> found = analyze();

    assertThat(found).extracting(Analysis::code).containsExactlyInAnyOrder(AnalysisCode.REPLICATION_STOPPED,
        AnalysisCode.REPLICATION_STOPPED, AnalysisCode.ALL_REPLICAS_NOT_REPLICATING);
    assertThat(findings(AnalysisCode.ALL_REPLICAS_NOT_REPLICATING)).singleElement().satisfies(a -> {
      assertThat(a.instance()).isEqualTo(P);
      assertThat(a.code().callsForFailover()).isFalse();
    });
  }

  @Test
  void notAllReplicasNotReplicatingWhileOneStillReplicates() {
    healthy();
    see(replicaOf(R1, P).gtids(HISTORY).threads(false, false));

    assertThat(analyze()).extracting(Analysis::code).containsExactly(AnalysisCode.REPLICATION_STOPPED);
  }

  @Test
  void aReachablePrimaryNeverCallsForFailover() {
    see(primary(P).gtids(HISTORY).readOnly(true, true));
    see(unreachable(R1));
    see(replicaOf(R2, P).gtids(HISTORY + "," + UUID_R + ":1").threads(false, false).error("boom"));

    assertThat(analyze()).isNotEmpty().noneMatch(a -> a.code().callsForFailover());
  }
}
