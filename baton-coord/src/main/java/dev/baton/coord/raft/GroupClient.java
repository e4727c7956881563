package dev.baton.coord.raft;

import dev.baton.coord.CoordinationUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands and queries to the group's leader and waits at most the request timeout. Any
 * failure, a timeout included, is a {@link CoordinationUnavailableException}: nothing that has
 * not been committed by a majority is ever reported as done.
 */
final class GroupClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupClient.class);

  private final RaftClient client;
  private final Duration timeout;
  private final String description;

  GroupClient(RaftSettings settings) {
    this.client = RaftClient.newBuilder()
        .setRaftGroup(RatisConfig.group(settings))
        .setProperties(RatisConfig.client(settings))
        .setRetryPolicy(RatisConfig.retryPolicy(settings))
        .build();
    this.timeout = settings.requestTimeout();
    this.description = "Raft group " + settings.group() + " ("
        + settings.peers().stream().map(Peer::toString).collect(Collectors.joining(", ")) + ")";
  }

  /** Commits {@code command} and returns the state machine's reply. */
  Reply write(Command command, String attempted) {
    return await(propose(command), attempted);
  }

  /** Answers {@code query} from the leader's state after a linearizable read index. */
  Reply read(Query query, String attempted) {
    return await(client.async().sendReadOnly(message(Codec.encode(query))), attempted);
  }

  /** Proposes {@code command} without waiting; the future fails if it is not committed. */
  CompletableFuture<RaftClientReply> propose(Command command) {
    return client.async().send(message(Codec.encode(command)));
  }

  private Reply await(CompletableFuture<RaftClientReply> pending, String attempted) {
    try {
      RaftClientReply reply = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!reply.isSuccess()) {
        throw CoordinationUnavailableException.failed(attempted, description, reply.getException());
      }
      return Codec.decodeReply(reply.getMessage().getContent().toByteArray());
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw CoordinationUnavailableException.timedOut(attempted, description, timeout, e);
    } catch (ExecutionException e) {
      throw CoordinationUnavailableException.failed(attempted, description, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.cancel(true);
      throw new CoordinationUnavailableException("could not " + attempted + ": interrupted while waiting for "
          + description, e);
    }
  }

  private static Message message(byte[] bytes) {
    return Message.valueOf(ByteString.copyFrom(bytes));
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      log.warn("closing the client of {} failed", description, e);
    }
  }
}
