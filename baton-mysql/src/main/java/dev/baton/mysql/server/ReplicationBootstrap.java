package dev.baton.mysql.server;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.sql.Dialect;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns freshly initialized instances into a replicated cluster. The accounts are created on the
 * first primary only and reach the replicas through replication, so every instance ends up with
 * the same users and GTID history, and the replicas never hold a transaction of their own.
 */
public final class ReplicationBootstrap {
  private final ServerDistribution dist;
  private final Dialect dialect;
  private final ServerSettings settings;

  public ReplicationBootstrap(ServerDistribution dist, ServerSettings settings) {
    this.dist = dist;
    this.dialect = Dialect.of(dist.flavor());
    this.settings = settings;
  }

  public void primary(InstanceLayout layout, Credentials credentials, String appDatabase)
      throws IOException, InterruptedException {
    List<String> sql = new ArrayList<>(dialect.makeWritable());
    sql.addAll(dialect.bootstrapPrimary(credentials, appDatabase));
    new SocketClient(dist, layout).run(sql, SocketClient.DEFAULT_TIMEOUT);
  }

  public void replica(InstanceLayout layout, InstanceAddress primary, Credentials credentials)
      throws IOException, InterruptedException {
    new SocketClient(dist, layout).run(List.of(
        dialect.changeSource(primary, DbUser.REPLICATION.userName(), credentials.password(DbUser.REPLICATION), settings),
        dialect.startReplica()), SocketClient.DEFAULT_TIMEOUT);
  }
}
