package dev.baton.coord.raft;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the managers' Raft group runs: who is in it and its timings. Each default is a named
 * constant here and nowhere else.
 *
 * @param group the group's name; peers of different groups never talk to each other
 * @param peers every member, this one included
 * @param electionTimeoutMin a follower that hears nothing from a leader for a random time between
 *     min and max starts an election; a new leader exists about max after the old one died
 * @param electionTimeoutMax see {@code electionTimeoutMin}
 * @param requestTimeout how long a store operation waits for the group before it fails with
 *     {@code CoordinationUnavailableException}; longer than one election so that an operation
 *     survives a change of leader
 * @param snapshotThreshold log entries applied since the last snapshot that make a peer write
 *     a new one; a restarted peer reads the snapshot and replays only the entries after it
 * @param expiryCheckInterval how often the leader looks for leases past their deadline; the
 *     latest a lease ends is its TTL plus this plus one commit
 */
public record RaftSettings(
    String group,
    List<Peer> peers,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration requestTimeout,
    long snapshotThreshold,
    Duration expiryCheckInterval) {

  public static final String DEFAULT_GROUP = "baton";
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MIN = Duration.ofMillis(300);
  /** A new leader within about a second of the old one's death. */
  public static final Duration DEFAULT_ELECTION_TIMEOUT_MAX = Duration.ofMillis(600);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(3);
  public static final long DEFAULT_SNAPSHOT_THRESHOLD = 10_000;
  public static final Duration DEFAULT_EXPIRY_CHECK_INTERVAL = Duration.ofMillis(50);
  /**
   * How long a new leader waits before it takes a leader-bound lease (master_lock) over. It
   * lengthens what the old holder may trust after a confirmation (see
   * {@link #leadershipValidity}), so that a confirmation slowed by a loaded machine does not make
   * a healthy holder drop the lock; it adds as much to the time the lock takes to move.
   */
  public static final Duration TAKEOVER_DELAY = Duration.ofMillis(500);
  /**
   * The share of {@code electionTimeoutMin} plus {@link #TAKEOVER_DELAY} for which a confirmed
   * leader trusts its leadership. A follower refuses to elect another leader within
   * electionTimeoutMin of the last heartbeat it got (Ratis's pre-vote), and a heartbeat
   * confirming a read is sent after the read started. The rest covers clocks that run at
   * slightly different rates and a heartbeat's time in flight.
   */
  public static final double LEADERSHIP_VALIDITY_RATIO = 0.9;
  private static final Pattern GROUP = Pattern.compile("[a-z][a-z0-9-]{0,39}");

  public RaftSettings {
    Objects.requireNonNull(group, "group");
    if (!GROUP.matcher(group).matches()) {
      throw new IllegalArgumentException("Raft group name '" + group
          + "' is not allowed: use 1-40 lower-case letters, digits and '-', starting with a letter");
    }
    peers = List.copyOf(peers);
    if (peers.isEmpty()) {
      throw new IllegalArgumentException("a Raft group needs at least one peer, got none");
    }
    Set<String> ids = new HashSet<>();
    Set<Object> addresses = new HashSet<>();
    for (Peer p : peers) {
      if (!ids.add(p.id()) || !addresses.add(p.raftAddress())) {
        throw new IllegalArgumentException("Raft peer " + p + " repeats the id or address of another in " + peers);
      }
    }
    if (electionTimeoutMin.toMillis() < 50 || electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("electionTimeoutMin (" + electionTimeoutMin.toMillis()
          + " ms) must be at least 50 ms and < electionTimeoutMax (" + electionTimeoutMax.toMillis() + " ms)");
    }
    if (requestTimeout.compareTo(electionTimeoutMax.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("requestTimeout (" + requestTimeout.toMillis()
          + " ms) must be at least twice electionTimeoutMax (" + electionTimeoutMax.toMillis()
          + " ms) so that an operation survives a change of leader");
    }
    if (snapshotThreshold < 1) {
      throw new IllegalArgumentException("snapshotThreshold must be at least 1 log entry, got " + snapshotThreshold);
    }
    if (expiryCheckInterval.toMillis() < 1 || expiryCheckInterval.compareTo(electionTimeoutMin) > 0) {
      throw new IllegalArgumentException("expiryCheckInterval (" + expiryCheckInterval.toMillis()
          + " ms) must be between 1 ms and electionTimeoutMin (" + electionTimeoutMin.toMillis() + " ms)");
    }
  }

  /** How long after a confirmed read index started no other peer can take a leader-bound lease over. */
  public Duration leadershipValidity() {
    return Duration.ofNanos((long) (electionTimeoutMin.plus(TAKEOVER_DELAY).toNanos() * LEADERSHIP_VALIDITY_RATIO));
  }

  /** The defaults for a group of these peers. */
  public static RaftSettings of(List<Peer> peers) {
    return new RaftSettings(DEFAULT_GROUP, peers, DEFAULT_ELECTION_TIMEOUT_MIN, DEFAULT_ELECTION_TIMEOUT_MAX,
        DEFAULT_REQUEST_TIMEOUT, DEFAULT_SNAPSHOT_THRESHOLD, DEFAULT_EXPIRY_CHECK_INTERVAL);
  }

  /** These settings for a group of {@code members} (after a change of its members). */
  public RaftSettings withPeers(List<Peer> members) {
    return new RaftSettings(group, members, electionTimeoutMin, electionTimeoutMax, requestTimeout, snapshotThreshold,
        expiryCheckInterval);
  }

  public Peer peer(String id) {
    return peers.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Raft peer '" + id + "' is not in group " + group + ": its peers are "
            + peers.stream().map(Peer::id).collect(Collectors.joining(", "))));
  }

  /** Each setting as {@code name = value (default|custom)}, for logging once at start. */
  List<String> describe() {
    return List.of(
        line("group", group, DEFAULT_GROUP),
        "coord.raft.peers = " + peers,
        line("electionTimeoutMin", electionTimeoutMin.toMillis() + " ms", DEFAULT_ELECTION_TIMEOUT_MIN.toMillis() + " ms"),
        line("electionTimeoutMax", electionTimeoutMax.toMillis() + " ms", DEFAULT_ELECTION_TIMEOUT_MAX.toMillis() + " ms"),
        line("requestTimeout", requestTimeout.toMillis() + " ms", DEFAULT_REQUEST_TIMEOUT.toMillis() + " ms"),
        line("snapshotThreshold", snapshotThreshold + " entries", DEFAULT_SNAPSHOT_THRESHOLD + " entries"),
        line("expiryCheckInterval", expiryCheckInterval.toMillis() + " ms",
            DEFAULT_EXPIRY_CHECK_INTERVAL.toMillis() + " ms"));
  }

  private static String line(String name, String value, String defaultValue) {
    return "coord.raft." + name + " = " + value + (value.equals(defaultValue) ? " (default)" : " (custom)");
  }
}
