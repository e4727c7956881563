package dev.baton.backup.method;

import dev.baton.backup.manifest.LsnRange;
import java.util.Optional;

/** What a finished backup tells about the server: recorded in the manifest. */
public record ServerPosition(String serverVersion, String gtidSet, Optional<LsnRange> lsns) {}
