package dev.baton.coord.raft;

import dev.baton.coord.VersionedDocument;
import dev.baton.coord.Watch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.AtomicFileOutputStream;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine around {@link CoordinationState}. Commands are validated in
 * {@link #startTransaction} (they decode only if valid) and applied in log order in
 * {@link #applyTransaction}, without clocks or I/O; the lease timers and the watches are told of
 * each change after it is applied. Snapshots are one file per term and index.
 */
final class CoordinationStateMachine extends BaseStateMachine {
  private static final Logger log = LoggerFactory.getLogger(CoordinationStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final LeaseTimers timers;
  private final DocumentWatches watches;
  private final Object lock = new Object();
  /** Guarded by {@link #lock}. */
  private CoordinationState state = new CoordinationState();
  private volatile RaftPeerId self;
  private volatile RaftServer server;
  private volatile RaftGroupId groupId;

  CoordinationStateMachine(LeaseTimers timers, DocumentWatches watches) {
    this.timers = timers;
    this.watches = watches;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    self = server.getId();
    this.server = server;
    this.groupId = groupId;
    storage.init(raftStorage);
    load(storage.loadLatestSnapshot());
  }

  /** Called after a snapshot was installed from the leader: the state is replaced by it. */
  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    try {
      Codec.decodeCommand(request.getMessage().getContent().toByteArray());
    } catch (IllegalArgumentException e) {
      throw new IOException("refused command from " + request.getClientId() + ": " + e.getMessage(), e);
    }
    return super.startTransaction(request);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    // Every entry passed startTransaction on some leader. One that does not decode here was written
    // by another version of Baton: throwing stops this peer, as Ratis intends for unrecoverable errors.
    Command command = Codec.decodeCommand(entry.getStateMachineLogEntry().getLogData().toByteArray());
    Reply reply;
    synchronized (lock) {
      reply = state.apply(command, entry.getIndex(), entry.getTerm());
      announce(command, reply);
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(Codec.encode(reply))));
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      Query query = Codec.decodeQuery(request.getContent().toByteArray());
      Reply reply;
      if (query instanceof Query.Leadership) {
        DivisionInfo info = server.getDivision(groupId).getInfo();
        reply = new Reply.LeadershipReply(self.toString(), info.isLeader() && info.isLeaderReady(), info.getCurrentTerm());
      } else {
        synchronized (lock) {
          reply = state.read(query);
        }
      }
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(Codec.encode(reply))));
    } catch (IllegalArgumentException | IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @Override
  public long takeSnapshot() throws IOException {
    CoordinationState copy;
    TermIndex last;
    synchronized (lock) {
      copy = state.copy();
      last = getLastAppliedTermIndex();
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new AtomicFileOutputStream(file)))) {
      Codec.writeState(copy, out);
    }
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file.toPath(), md5), last));
    log.info("{}: wrote snapshot {} at {}", self, file.getName(), last);
    return last.getIndex();
  }

  /** Registers a watch on this peer's copy of the state. */
  Watch watch(String key, Consumer<VersionedDocument> listener) {
    synchronized (lock) {
      return watches.register(key, listener, state.document(key));
    }
  }

  @Override
  public void notifyLeaderReady() {
    synchronized (lock) {
      timers.lead(state.held());
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    if (!newLeaderId.equals(groupMemberId.getPeerId())) {
      timers.follow();
    }
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    timers.follow();
  }

  /** Tells the timers and watches what {@code command}, just applied, changed. */
  private void announce(Command command, Reply reply) {
    if (reply instanceof Reply.LeaseReply l && l.lease().isPresent()) {
      state.heldLease(l.lease().get().name()).ifPresent(timers::granted);
    } else if (reply instanceof Reply.Ended e && e.ended()) {
      timers.ended(leaseName(command));
    } else if (reply instanceof Reply.CasReply c && c.result().written()) {
      state.document(((Command.CompareAndSet) command).key()).ifPresent(watches::changed);
    }
  }

  private static String leaseName(Command command) {
    return command instanceof Command.Release r ? r.name() : ((Command.Expire) command).name();
  }

  private void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    CoordinationState loaded;
    try (InputStream raw = Files.newInputStream(file.toPath());
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
      loaded = Codec.readState(in);
    }
    synchronized (lock) {
      Map<String, Optional<VersionedDocument>> before = new HashMap<>();
      watches.keys().forEach(k -> before.put(k, state.document(k)));
      state = loaded;
      setLastAppliedTermIndex(snapshot.getTermIndex());
      before.forEach((k, old) -> state.document(k)
          .filter(now -> old.map(o -> now.version() > o.version()).orElse(true))
          .ifPresent(watches::changed));
      timers.reset(state.held());
    }
    log.info("{}: loaded snapshot {} ({} leases held, {} documents)", self, file.getName(), loaded.held().size(),
        loaded.documents().size());
  }
}
