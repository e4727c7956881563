package dev.baton.core.failover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.gtid.MariadbGtidPosition;
import dev.baton.core.gtid.MysqlGtidSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CandidateChooserTest {
  private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
  private static final String E = "4a6b8c2d-71ca-11e1-9e33-c80aa9429563";
  private static final String F = "5b7c9d3e-71ca-11e1-9e33-c80aa9429564";
  private static final InstanceAddress R1 = new InstanceAddress("127.0.0.1", 3308);
  private static final InstanceAddress R2 = new InstanceAddress("127.0.0.1", 3309);
  private static final InstanceAddress R3 = new InstanceAddress("127.0.0.1", 3310);

  private static ReplicaCandidate<MysqlGtidSet> mysql(InstanceAddress a, String transactions, String errant,
      PromotionRule rule, Optional<Long> lag) {
    return new ReplicaCandidate<>(a, MysqlGtidSet.parse(transactions), MysqlGtidSet.parse(errant), rule, lag);
  }

  private static ReplicaCandidate<MysqlGtidSet> clean(InstanceAddress a, String transactions) {
    return mysql(a, transactions, "", PromotionRule.NEUTRAL, Optional.of(0L));
  }

  private static ReplicaCandidate<MysqlGtidSet> clean(InstanceAddress a, String transactions, PromotionRule rule) {
    return mysql(a, transactions, "", rule, Optional.of(0L));
  }

  private static ReplicaCandidate<MysqlGtidSet> lagging(InstanceAddress a, String transactions, Optional<Long> lag) {
    return mysql(a, transactions, "", PromotionRule.NEUTRAL, lag);
  }

  private static CandidateChoice choose(List<ReplicaCandidate<MysqlGtidSet>> replicas) {
    return CandidateChooser.choose(replicas, Optional.empty());
  }

  private static CandidateChoice chooseTo(InstanceAddress to, List<ReplicaCandidate<MysqlGtidSet>> replicas) {
    return CandidateChooser.choose(replicas, Optional.of(to));
  }

  private static InstanceAddress chosen(CandidateChoice choice) {
    assertThat(choice).isInstanceOf(CandidateChoice.Chosen.class);
    return ((CandidateChoice.Chosen) choice).candidate();
  }

  private static String refusal(CandidateChoice choice) {
    assertThat(choice).isInstanceOf(CandidateChoice.Refused.class);
    String reason = ((CandidateChoice.Refused) choice).reason();
    assertThat(reason).doesNotContain("\n");
    return reason;
  }

  @Test
  void refusesWhenNoReplicaIsReachable() {
    assertThat(refusal(CandidateChooser.<MysqlGtidSet>choose(List.of(), Optional.empty())))
        .isEqualTo("no reachable replica to promote");
  }

  @Test
  void choosesTheReplicaHoldingTheMostTransactions() {
    CandidateChoice choice = choose(List.of(clean(R1, A + ":1-90"), clean(R2, A + ":1-100"), clean(R3, A + ":1-95")));

    assertThat(chosen(choice)).isEqualTo(R2);
  }

  @Test
  void theReasonNamesTheHistoryRuleLagAndTheReplicasPassedOver() {
    CandidateChoice choice = choose(List.of(clean(R1, A + ":1-100," + F + ":1-2"),
        lagging(R2, A + ":1-100," + F + ":1-2", Optional.of(3L))));

    assertThat(((CandidateChoice.Chosen) choice).why()).isEqualTo("holds every reachable replica's transactions ("
        + A + ":1-100," + F + ":1-2); promotion rule neutral, lag 0 s; preferred over " + R2);
  }

  @Nested
  class TiesBetweenCompleteReplicas {
    @Test
    void preferBeatsNeutral() {
      assertThat(chosen(choose(List.of(clean(R1, A + ":1-100"), clean(R2, A + ":1-100", PromotionRule.PREFER)))))
          .isEqualTo(R2);
    }

    @Test
    void neutralBeatsPreferNot() {
      assertThat(chosen(choose(List.of(clean(R1, A + ":1-100", PromotionRule.PREFER_NOT), clean(R2, A + ":1-100")))))
          .isEqualTo(R2);
    }

    @Test
    void theRuleWeighsMoreThanTheLag() {
      ReplicaCandidate<MysqlGtidSet> preferredButLagging =
          mysql(R2, A + ":1-100", "", PromotionRule.PREFER, Optional.of(120L));

      assertThat(chosen(choose(List.of(clean(R1, A + ":1-100"), preferredButLagging)))).isEqualTo(R2);
    }

    @Test
    void aPreferredReplicaLackingTransactionsIsNotChosen() {
      assertThat(chosen(choose(List.of(clean(R1, A + ":1-100"), clean(R2, A + ":1-99", PromotionRule.PREFER)))))
          .isEqualTo(R1);
    }

    @Test
    void lessLagWinsAtAnEqualRule() {
      assertThat(chosen(choose(List.of(lagging(R1, A + ":1-100", Optional.of(5L)),
          lagging(R2, A + ":1-100", Optional.of(1L))))))
          .isEqualTo(R2);
    }

    @Test
    void unknownLagComesLast() {
      assertThat(chosen(choose(List.of(lagging(R1, A + ":1-100", Optional.empty()),
          lagging(R2, A + ":1-100", Optional.of(50L))))))
          .isEqualTo(R2);
    }

    @Test
    void theAddressDecidesTheRest() {
      assertThat(chosen(choose(List.of(clean(R3, A + ":1-100"), clean(R1, A + ":1-100"), clean(R2, A + ":1-100")))))
          .isEqualTo(R1);
    }
  }

  @Nested
  class Refusals {
    @Test
    void whenOnlyAMustNotReplicaHoldsEveryTransaction() {
      String reason = refusal(choose(List.of(clean(R1, A + ":1-90"), clean(R2, A + ":1-100", PromotionRule.MUST_NOT))));

      assertThat(reason).isEqualTo("refusing to promote: only " + R2 + " (promotion rule must_not) holds every"
          + " transaction, and " + R1 + " lacks " + A + ":91-100"
          + "; if it may be promoted after all, change its promotion rule, and repair or rebuild a replica with"
          + " errant transactions first");
    }

    @Test
    void whenOnlyAReplicaWithErrantTransactionsHoldsEveryTransaction() {
      String reason = refusal(choose(List.of(clean(R1, A + ":1-90"),
          mysql(R2, A + ":1-100," + E + ":1-2," + F + ":4", E + ":1-2," + F + ":4", PromotionRule.NEUTRAL,
              Optional.of(0L)))));

      assertThat(reason).startsWith("refusing to promote: only " + R2 + " (it has errant transactions "
          + E + ":1-2," + F + ":4) holds every transaction, and " + R1 + " lacks " + A + ":91-100");
    }

    @Test
    void whenNoOtherReplicaMayBePromoted() {
      String reason = refusal(choose(List.of(clean(R1, A + ":1-90", PromotionRule.MUST_NOT),
          clean(R2, A + ":1-100", PromotionRule.MUST_NOT))));

      assertThat(reason).contains("only " + R2 + " (promotion rule must_not) holds every transaction"
          + " and no other replica may be promoted");
    }

    @Test
    void errantTransactionsDoNotCountAsHistory() {
      ReplicaCandidate<MysqlGtidSet> errant =
          mysql(R2, A + ":1-100," + E + ":1-3", E + ":1-3", PromotionRule.NEUTRAL, Optional.of(0L));

      assertThat(chosen(choose(List.of(clean(R1, A + ":1-100"), errant)))).isEqualTo(R1);
    }

    @Test
    void whenTheHistoriesDiverge() {
      String reason = refusal(choose(List.of(clean(R1, A + ":1-100," + F + ":1"), clean(R2, A + ":1-101"))));

      assertThat(reason).isEqualTo("the replicas' histories diverge, none contains all the others': " + R1 + " has "
          + A + ":1-100," + F + ":1; " + R2 + " has " + A + ":1-101"
          + "; rebuild the diverging replicas or promote one by hand");
    }
  }

  @Nested
  class RequestedCandidate {
    @Test
    void isPromotedWhenItHoldsEveryTransaction() {
      CandidateChoice choice =
          chooseTo(R1, List.of(clean(R1, A + ":1-100", PromotionRule.PREFER_NOT), clean(R2, A + ":1-100")));

      assertThat(chosen(choice)).isEqualTo(R1);
      assertThat(((CandidateChoice.Chosen) choice).why()).startsWith("requested by the operator");
    }

    @Test
    void isRefusedWhenItLacksTransactionsNamingThemAndWhoHoldsThem() {
      String reason = refusal(chooseTo(R1,
          List.of(clean(R1, A + ":1-1200"), clean(R2, A + ":1-1207"), clean(R3, A + ":1-1201"))));

      assertThat(reason).isEqualTo("refusing to promote " + R1 + ": its GTID set lacks " + A + ":1201-1207, held by "
          + R2);
    }

    @Test
    void aSwitchoverPromotesAReplicaThatIsOnlyBehindAnother() {
      MysqlGtidSet primary = MysqlGtidSet.parse(A + ":1-1210");

      CandidateChoice choice = chooseTo(R1, List.of(clean(R1, A + ":1-1200").caughtUpWith(primary),
          clean(R2, A + ":1-1207").caughtUpWith(primary)));

      assertThat(chosen(choice)).isEqualTo(R1);
    }

    @Test
    void aSwitchoverStillRefusesAReplicaWithErrantTransactions() {
      MysqlGtidSet primary = MysqlGtidSet.parse(A + ":1-1210");

      String reason = refusal(chooseTo(R1, List.of(mysql(R1, A + ":1-1200," + E + ":1", E + ":1", PromotionRule.NEUTRAL,
          Optional.of(0L)).caughtUpWith(primary), clean(R2, A + ":1-1207").caughtUpWith(primary))));

      assertThat(reason).startsWith("refusing to promote " + R1 + ": it has errant transactions " + E + ":1");
    }

    @Test
    void theMissingSetStaysOnOneLineWithSeveralSources() {
      String reason = refusal(chooseTo(R1, List.of(clean(R1, A + ":1-10"), clean(R2, A + ":1-12," + F + ":1-3"))));

      assertThat(reason).isEqualTo("refusing to promote " + R1 + ": its GTID set lacks " + A + ":11-12," + F
          + ":1-3, held by " + R2);
    }

    @Test
    void isRefusedWhenItIsNoReachableReplica() {
      InstanceAddress stranger = new InstanceAddress("10.9.9.9", 3306);

      assertThat(refusal(chooseTo(stranger, List.of(clean(R1, A + ":1-10"), clean(R2, A + ":1-10")))))
          .isEqualTo("refusing to promote " + stranger + ": it is not a reachable replica of this cluster"
              + " (reachable replicas: " + R1 + ", " + R2 + ")");
    }

    @Test
    void isRefusedWhenItsRuleIsMustNot() {
      assertThat(refusal(chooseTo(R1, List.of(clean(R1, A + ":1-10", PromotionRule.MUST_NOT), clean(R2, A + ":1-10")))))
          .isEqualTo("refusing to promote " + R1 + ": promotion rule must_not");
    }

    @Test
    void isRefusedWhenItHasErrantTransactions() {
      ReplicaCandidate<MysqlGtidSet> errant =
          mysql(R1, A + ":1-10," + E + ":1", E + ":1", PromotionRule.NEUTRAL, Optional.of(0L));

      assertThat(refusal(chooseTo(R1, List.of(errant, clean(R2, A + ":1-10")))))
          .isEqualTo("refusing to promote " + R1 + ": it has errant transactions " + E + ":1");
    }
  }

  @Nested
  class Mariadb {
    private static ReplicaCandidate<MariadbGtidPosition> replica(InstanceAddress a, String position, String errant) {
      return new ReplicaCandidate<>(a, MariadbGtidPosition.parse(position), MariadbGtidPosition.parse(errant),
          PromotionRule.NEUTRAL, Optional.of(0L));
    }

    private static CandidateChoice choose(Optional<InstanceAddress> to,
        List<ReplicaCandidate<MariadbGtidPosition>> replicas) {
      return CandidateChooser.choose(replicas, to);
    }

    @Test
    void choosesTheReplicaFurthestAheadInEveryDomain() {
      CandidateChoice choice = choose(Optional.empty(), List.of(replica(R1, "0-1-100,1-2-5", ""),
          replica(R2, "0-1-100,1-2-7", ""), replica(R3, "0-1-90,1-2-7", "")));

      assertThat(chosen(choice)).isEqualTo(R2);
    }

    @Test
    void refusesWhenNoPositionContainsTheOthers() {
      String reason = refusal(choose(Optional.empty(), List.of(replica(R1, "0-1-100,1-2-5", ""),
          replica(R2, "0-1-90,1-2-7", ""))));

      assertThat(reason).startsWith("the replicas' histories diverge").contains(R1 + " has 0-1-100,1-2-5",
          R2 + " has 0-1-90,1-2-7");
    }

    @Test
    void anErrantWriteKeepsItsReplicaAsMostAdvancedSoTheChoiceIsRefusedRatherThanGuessed() {
      // A position cannot tell an errant domain of its own from errant writes ahead in a shared
      // domain (the usual case: every server in domain 0), so Baton refuses instead of guessing.
      CandidateChoice choice = choose(Optional.empty(), List.of(replica(R1, "0-1-100,9-3-4", "9-3-4"),
          replica(R2, "0-1-100", "")));

      assertThat(refusal(choice)).contains("only " + R1, "errant transactions 9-3-4", R2 + " lacks 9-3-4");
    }

    @Test
    void aRequestedReplicaBehindIsRefusedNamingTheNewestPosition() {
      String reason = refusal(choose(Optional.of(R1), List.of(replica(R1, "0-1-90,1-2-7", ""),
          replica(R2, "0-1-100,1-2-7", ""))));

      assertThat(reason).isEqualTo("refusing to promote " + R1 + ": its GTID set lacks 0-1-100, held by " + R2);
    }

    @Test
    void refusesWhenOnlyAReplicaWithAnErrantWriteInTheSameDomainHoldsTheNewestTransactions() {
      // Primary was at 0-1-100; R1 applied all of it, then took a local write (server id 2) as 0-2-101.
      // The errant part, as FailureAnalyzer computes it against the primary, is 0-2-101.
      CandidateChoice choice = choose(Optional.empty(), List.of(replica(R1, "0-2-101", "0-2-101"),
          replica(R2, "0-1-50", "")));

      assertThat(choice).isInstanceOf(CandidateChoice.Refused.class);
    }
  }
}
