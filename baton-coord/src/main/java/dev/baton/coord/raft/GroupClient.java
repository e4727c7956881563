package dev.baton.coord.raft;

import dev.baton.coord.CoordinationUnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.stream.Collectors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.RaftRetryFailureException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends commands and queries to the group's leader, retrying while the group elects one, for at
 * most the request timeout. Any failure, a timeout included, is a
 * {@link CoordinationUnavailableException}: nothing a majority has not committed is ever
 * reported as done.
 *
 * <p>Uses Ratis's blocking calls on purpose: its ordered asynchronous calls close the client for
 * good after one request gives up, which would leave a store dead after a quorum outage.
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
    return call(() -> client.io().send(message(Codec.encode(command))), attempted);
  }

  /** Answers {@code query} from the leader's state after a linearizable read index. */
  Reply read(Query query, String attempted) {
    return call(() -> client.io().sendReadOnly(message(Codec.encode(query))), attempted);
  }

  private Reply call(Call call, String attempted) {
    long start = System.nanoTime();
    try {
      // A reply that carries an exception is thrown by Ratis as that exception.
      RaftClientReply reply = call.send();
      return Codec.decodeReply(reply.getMessage().getContent().toByteArray());
    } catch (RaftRetryFailureException | TimeoutIOException e) {
      throw CoordinationUnavailableException.timedOut(attempted, description, Duration.ofNanos(System.nanoTime() - start),
          timeout, e);
    } catch (InterruptedIOException e) {
      Thread.currentThread().interrupt();
      throw new CoordinationUnavailableException("could not " + attempted + ": interrupted while waiting for "
          + description, e);
    } catch (IOException e) {
      throw CoordinationUnavailableException.failed(attempted, description, e);
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

  @FunctionalInterface
  private interface Call {
    RaftClientReply send() throws IOException;
  }
}
