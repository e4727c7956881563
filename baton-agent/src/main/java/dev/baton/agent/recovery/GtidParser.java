package dev.baton.agent.recovery;

import dev.baton.core.cluster.Flavor;
import dev.baton.core.gtid.GtidSet;
import dev.baton.core.gtid.MariadbGtidPosition;
import dev.baton.core.gtid.MysqlGtidSet;
import java.util.function.Function;

/** Reads GTID text in one flavor; holding the parser keeps the set type known where it is used. */
record GtidParser<S extends GtidSet<S>>(Function<String, S> parse) {
  static GtidParser<?> of(Flavor flavor) {
    return flavor == Flavor.MYSQL
        ? new GtidParser<>(MysqlGtidSet::parse)
        : new GtidParser<>(MariadbGtidPosition::parse);
  }
}
