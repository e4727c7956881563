package dev.baton.coord.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.coord.CasResult;
import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static final Lease LEASE = new Lease("master_lock", "agent-1 on db1", new Epoch(7), Duration.ofMillis(1500));

  @Test
  void commandsSurviveTheRoundTrip() {
    List<Command> commands = List.of(
        new Command.Acquire("master_lock", "agent-1", Duration.ofMillis(1500), 0),
        new Command.Acquire("master_lock", "agent-1", Duration.ofMillis(1500), 7),
        new Command.Renew("master_lock", "agent-1", new Epoch(3), 0),
        new Command.Renew("master_lock", "agent-1", new Epoch(3), 7),
        new Command.Release("backup_lock", "agent-2", Epoch.FIRST),
        new Command.Expire("master_lock", new Epoch(3), 42));
    for (Command c : commands) {
      assertThat(Codec.decodeCommand(Codec.encode(c))).isEqualTo(c);
    }
  }

  @Test
  void compareAndSetKeepsTheBytes() {
    byte[] value = {0, 1, 2, (byte) 0xff};

    Command.CompareAndSet decoded = (Command.CompareAndSet) Codec.decodeCommand(
        Codec.encode(new Command.CompareAndSet("topology", 4, value)));

    assertThat(decoded.key()).isEqualTo("topology");
    assertThat(decoded.expectedVersion()).isEqualTo(4);
    assertThat(decoded.value()).containsExactly(value);
  }

  @Test
  void queriesAndRepliesSurviveTheRoundTrip() {
    for (Query q : List.of(new Query.CurrentLease("master_lock"), new Query.GetDocument("topology"),
        new Query.Leadership())) {
      assertThat(Codec.decodeQuery(Codec.encode(q))).isEqualTo(q);
    }
    List<Reply> replies = List.of(
        new Reply.LeaseReply(Optional.of(LEASE)), new Reply.LeaseReply(Optional.empty()),
        new Reply.Ended(true), new Reply.Ended(false),
        new Reply.CasReply(new CasResult.Written(3)), new Reply.CasReply(new CasResult.Conflict(2, 5)),
        new Reply.DocumentReply(Optional.of(new VersionedDocument("topology", 9, new byte[] {1, 2}))),
        new Reply.DocumentReply(Optional.empty()), new Reply.LeadershipReply("db2", true, 12));
    for (Reply r : replies) {
      assertThat(Codec.decodeReply(Codec.encode(r))).isEqualTo(r);
    }
  }

  @Test
  void refusesUnknownTagsTruncationAndLeftovers() {
    byte[] good = Codec.encode(new Command.Renew("master_lock", "a", Epoch.FIRST, 0));

    assertThatThrownBy(() -> Codec.decodeCommand(new byte[] {99})).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown command tag 99");
    assertThatThrownBy(() -> Codec.decodeCommand(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends too early");
    assertThatThrownBy(() -> Codec.decodeCommand(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("left over");
  }

  @Test
  void refusesCommandsThatBreakTheRules() {
    byte[] zeroTtl = Codec.encode(new Command.Acquire("m", "a", Duration.ofMillis(1), 0));
    zeroTtl[zeroTtl.length - 1] = 0;
    zeroTtl[zeroTtl.length - 2] = 0;
    zeroTtl[zeroTtl.length - 3] = 0;

    assertThatThrownBy(() -> Codec.decodeCommand(zeroTtl)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
  }

  @Test
  void snapshotsKeepLeasesEpochsAndDocuments() throws IOException {
    CoordinationState state = new CoordinationState();
    state.apply(new Command.Acquire("master_lock", "a", Duration.ofSeconds(2), 0), 1, 1);
    state.apply(new Command.Release("master_lock", "a", Epoch.FIRST), 2, 1);
    state.apply(new Command.Acquire("master_lock", "b", Duration.ofSeconds(2), 0), 3, 1);
    state.apply(new Command.Acquire("backup_lock", "a", Duration.ofSeconds(30), 0), 4, 1);
    state.apply(new Command.Release("backup_lock", "a", Epoch.FIRST), 5, 1);
    state.apply(new Command.CompareAndSet("topology", 0, new byte[] {4, 2}), 6, 1);
    state.apply(new Command.Acquire("leader_lock", "c", Duration.ofSeconds(2), 3), 7, 3);

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Codec.writeState(state, new DataOutputStream(bytes));
    CoordinationState read = Codec.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    assertThat(read.held()).isEqualTo(state.held());
    assertThat(read.lastEpochs()).isEqualTo(state.lastEpochs()).containsKey("backup_lock");
    assertThat(read.documents()).isEqualTo(state.documents());
  }

  @Test
  void refusesASnapshotOfAnotherFormat() {
    byte[] future = {0, 0, 0, 3};

    assertThatThrownBy(() -> Codec.readState(new DataInputStream(new ByteArrayInputStream(future))))
        .isInstanceOf(IOException.class).hasMessageContaining("format 3");
  }
}
