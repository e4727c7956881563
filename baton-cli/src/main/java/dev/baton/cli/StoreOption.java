package dev.baton.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --store} option of the backup commands. */
final class StoreOption {
  @Option(names = "--store", paramLabel = "DIR|s3://BUCKET",
      description = "Where backups and binlogs are (default: $BATON_BACKUP_STORE, else DIR/backups).")
  String store;

  Optional<String> value() {
    return Optional.ofNullable(store);
  }
}
