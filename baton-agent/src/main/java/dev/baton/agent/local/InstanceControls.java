package dev.baton.agent.local;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.credentials.Credentials;
import dev.baton.core.credentials.DbUser;
import dev.baton.mysql.control.InstanceControl;
import dev.baton.mysql.server.ServerSettings;
import dev.baton.mysql.sql.Dialect;

/** The manager's control of a cluster's instances, with the cluster's own accounts. */
public final class InstanceControls {
  private InstanceControls() {}

  public static InstanceControl of(ClusterSpec spec, Credentials credentials, ServerSettings settings) {
    return new InstanceControl(Dialect.of(spec.flavor()), DbUser.MANAGER.userName(), credentials.password(DbUser.MANAGER),
        DbUser.REPLICATION.userName(), credentials.password(DbUser.REPLICATION), settings);
  }
}
