package dev.baton.coord.raft;

import dev.baton.coord.CoordinationUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands and queries to the group's leader, retrying while the group elects one. The
 * caller waits at most the request timeout. Any failure, a timeout included, is a
 * {@link CoordinationUnavailableException}: nothing a majority has not committed is ever
 * reported as done.
 *
 * <p>Uses Ratis's blocking calls on purpose: its ordered asynchronous calls close the client for
 * good after one request gives up, which would leave a store dead after a quorum outage. Each
 * call runs on a thread of its own so that a starved machine cannot stretch the caller's wait;
 * a call the caller gave up on ends by itself soon after (see {@link RatisConfig#client}).
 *
 * <p>Ratis's client can still break for good: a proxy closed by one thread's failed request while
 * another thread sends (a NullPointerException inside Ratis), or the client closed after a
 * request gave up at startup (AlreadyClosedException). Such a client is replaced by a new one and
 * the call tried again until its time is up, so a manager never stays cut off from a healthy
 * group.
 */
final class GroupClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupClient.class);

  private static final Duration BROKEN_CLIENT_PAUSE = Duration.ofMillis(50);

  private final RaftSettings settings;
  private final AtomicReference<RaftClient> client;
  private final Duration timeout;
  private final String description;
  private final ExecutorService calls;

  GroupClient(RaftSettings settings) {
    this.settings = settings;
    this.client = new AtomicReference<>(newClient(settings));
    this.timeout = settings.requestTimeout();
    this.description = "Raft group " + settings.group() + " ("
        + settings.peers().stream().map(Peer::toString).collect(Collectors.joining(", ")) + ")";
    this.calls = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "baton-raft-call");
      t.setDaemon(true);
      return t;
    });
  }

  /** Commits {@code command} and returns the state machine's reply. */
  Reply write(Command command, String attempted) {
    return call(c -> c.io().send(message(Codec.encode(command))), attempted);
  }

  /** Answers {@code query} from the leader's state after a linearizable read index. */
  Reply read(Query query, String attempted) {
    return call(c -> c.io().sendReadOnly(message(Codec.encode(query))), attempted);
  }

  /** Answers {@code query} at peer {@code server} after a linearizable read index. */
  Reply readAt(Query query, RaftPeerId server, String attempted) {
    return call(c -> c.io().sendReadOnly(message(Codec.encode(query)), server), attempted);
  }

  private Reply call(Call call, String attempted) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (true) {
      RaftClient used = client.get();
      Future<RaftClientReply> pending = calls.submit(() -> call.send(used));
      try {
        // A reply that carries an exception is thrown by Ratis as that exception.
        RaftClientReply reply = pending.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        return Codec.decodeReply(reply.getMessage().getContent().toByteArray());
      } catch (TimeoutException e) {
        throw CoordinationUnavailableException.timedOut(attempted, description, timeout, timeout, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CoordinationUnavailableException("could not " + attempted + ": interrupted while waiting for "
            + description, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RaftRetryFailureException || cause instanceof TimeoutIOException) {
          throw CoordinationUnavailableException.timedOut(attempted, description,
              Duration.ofNanos(System.nanoTime() - start), timeout, cause);
        }
        if (!isBroken(cause)) {
          throw CoordinationUnavailableException.failed(attempted, description, cause);
        }
        replace(used, cause);
        // A short pause keeps a client that breaks at once from spinning through new ones.
        LockSupport.parkNanos(Math.min(BROKEN_CLIENT_PAUSE.toNanos(), Math.max(0, deadline - System.nanoTime())));
        if (System.nanoTime() >= deadline) {
          throw CoordinationUnavailableException.timedOut(attempted, description,
              Duration.ofNanos(System.nanoTime() - start), timeout, cause);
        }
      }
    }
  }

  /** A failure of the client itself rather than an answer of the group. */
  private static boolean isBroken(Throwable cause) {
    return cause instanceof AlreadyClosedException || cause instanceof RuntimeException;
  }

  /** Swaps {@code broken} for a new client unless another thread already did. */
  private void replace(RaftClient broken, Throwable why) {
    RaftClient fresh = newClient(settings);
    if (client.compareAndSet(broken, fresh)) {
      log.warn("the client of {} broke ({}); using a new one", description, why.toString());
      closeQuietly(broken);
    } else {
      closeQuietly(fresh);
    }
  }

  private static RaftClient newClient(RaftSettings settings) {
    return RaftClient.newBuilder()
        .setRaftGroup(RatisConfig.group(settings))
        .setProperties(RatisConfig.client(settings))
        .setRetryPolicy(RatisConfig.retryPolicy(settings))
        .build();
  }

  private void closeQuietly(RaftClient c) {
    try {
      c.close();
    } catch (IOException e) {
      log.warn("closing a client of {} failed", description, e);
    }
  }

  private static Message message(byte[] bytes) {
    return Message.valueOf(ByteString.copyFrom(bytes));
  }

  @Override
  public void close() {
    calls.shutdownNow();
    closeQuietly(client.get());
  }

  @FunctionalInterface
  private interface Call {
    RaftClientReply send(RaftClient client) throws IOException;
  }
}
