package dev.baton.coord.raft;

import dev.baton.coord.CasResult;
import dev.baton.coord.Epoch;
import dev.baton.coord.Lease;
import dev.baton.coord.VersionedDocument;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The compact binary form of commands, queries, replies and snapshots: a tag byte, then the
 * fields in order. Hand-written so that the log needs no generated code; a new command gets a
 * new tag, and the snapshot starts with a format number.
 */
final class Codec {
  /** 2 added the term of leader-bound leases; format 1 snapshots are still read (no lease bound). */
  static final int SNAPSHOT_FORMAT = 2;

  private static final byte ACQUIRE = 1;
  private static final byte RENEW = 2;
  private static final byte RELEASE = 3;
  private static final byte EXPIRE = 4;
  private static final byte COMPARE_AND_SET = 5;
  private static final byte LEADER_ACQUIRE = 6;
  private static final byte LEADER_RENEW = 7;
  private static final byte CURRENT_LEASE = 16;
  private static final byte GET_DOCUMENT = 17;
  private static final byte LEADERSHIP = 18;
  private static final byte LEASE_REPLY = 32;
  private static final byte ENDED_REPLY = 33;
  private static final byte CAS_REPLY = 34;
  private static final byte DOCUMENT_REPLY = 35;
  private static final byte LEADERSHIP_REPLY = 36;

  private Codec() {}

  static byte[] encode(Command command) {
    return write(out -> {
      // A plain lease keeps the tags of the first format, so that logs written before leader
      // binding still decode.
      if (command instanceof Command.Acquire a) {
        out.writeByte(a.term() == 0 ? ACQUIRE : LEADER_ACQUIRE);
        out.writeUTF(a.name());
        out.writeUTF(a.owner());
        out.writeLong(a.ttl().toNanos());
        writeTerm(out, a.term());
      } else if (command instanceof Command.Renew r) {
        out.writeByte(r.term() == 0 ? RENEW : LEADER_RENEW);
        out.writeUTF(r.name());
        out.writeUTF(r.owner());
        out.writeLong(r.epoch().value());
        writeTerm(out, r.term());
      } else if (command instanceof Command.Release r) {
        out.writeByte(RELEASE);
        out.writeUTF(r.name());
        out.writeUTF(r.owner());
        out.writeLong(r.epoch().value());
      } else if (command instanceof Command.Expire e) {
        out.writeByte(EXPIRE);
        out.writeUTF(e.name());
        out.writeLong(e.epoch().value());
        out.writeLong(e.grantIndex());
      } else {
        Command.CompareAndSet c = (Command.CompareAndSet) command;
        out.writeByte(COMPARE_AND_SET);
        out.writeUTF(c.key());
        out.writeLong(c.expectedVersion());
        writeBytes(out, c.value());
      }
    });
  }

  /** @throws IllegalArgumentException when the bytes are not a valid command */
  static Command decodeCommand(byte[] bytes) {
    return read(bytes, in -> {
      byte tag = in.readByte();
      return switch (tag) {
        case ACQUIRE -> new Command.Acquire(in.readUTF(), in.readUTF(), Duration.ofNanos(in.readLong()), 0);
        case LEADER_ACQUIRE -> new Command.Acquire(in.readUTF(), in.readUTF(), Duration.ofNanos(in.readLong()),
            in.readLong());
        case RENEW -> new Command.Renew(in.readUTF(), in.readUTF(), new Epoch(in.readLong()), 0);
        case LEADER_RENEW -> new Command.Renew(in.readUTF(), in.readUTF(), new Epoch(in.readLong()), in.readLong());
        case RELEASE -> new Command.Release(in.readUTF(), in.readUTF(), new Epoch(in.readLong()));
        case EXPIRE -> new Command.Expire(in.readUTF(), new Epoch(in.readLong()), in.readLong());
        case COMPARE_AND_SET -> new Command.CompareAndSet(in.readUTF(), in.readLong(), readBytes(in));
        default -> throw new IllegalArgumentException("unknown command tag " + tag);
      };
    });
  }

  static byte[] encode(Query query) {
    return write(out -> {
      if (query instanceof Query.CurrentLease c) {
        out.writeByte(CURRENT_LEASE);
        out.writeUTF(c.name());
      } else if (query instanceof Query.Leadership) {
        out.writeByte(LEADERSHIP);
      } else {
        out.writeByte(GET_DOCUMENT);
        out.writeUTF(((Query.GetDocument) query).key());
      }
    });
  }

  static Query decodeQuery(byte[] bytes) {
    return read(bytes, in -> {
      byte tag = in.readByte();
      return switch (tag) {
        case CURRENT_LEASE -> new Query.CurrentLease(in.readUTF());
        case GET_DOCUMENT -> new Query.GetDocument(in.readUTF());
        case LEADERSHIP -> new Query.Leadership();
        default -> throw new IllegalArgumentException("unknown query tag " + tag);
      };
    });
  }

  static byte[] encode(Reply reply) {
    return write(out -> {
      if (reply instanceof Reply.LeaseReply l) {
        out.writeByte(LEASE_REPLY);
        writeOptional(out, l.lease(), Codec::writeLease);
      } else if (reply instanceof Reply.Ended e) {
        out.writeByte(ENDED_REPLY);
        out.writeBoolean(e.ended());
      } else if (reply instanceof Reply.CasReply c) {
        out.writeByte(CAS_REPLY);
        out.writeBoolean(c.result().written());
        if (c.result() instanceof CasResult.Written w) {
          out.writeLong(w.version());
        } else {
          CasResult.Conflict conflict = (CasResult.Conflict) c.result();
          out.writeLong(conflict.expectedVersion());
          out.writeLong(conflict.actualVersion());
        }
      } else if (reply instanceof Reply.LeadershipReply l) {
        out.writeByte(LEADERSHIP_REPLY);
        out.writeUTF(l.peer());
        out.writeBoolean(l.leader());
        out.writeLong(l.term());
      } else {
        out.writeByte(DOCUMENT_REPLY);
        writeOptional(out, ((Reply.DocumentReply) reply).document(), Codec::writeDocument);
      }
    });
  }

  static Reply decodeReply(byte[] bytes) {
    return read(bytes, in -> {
      byte tag = in.readByte();
      return switch (tag) {
        case LEASE_REPLY -> new Reply.LeaseReply(readOptional(in, Codec::readLease));
        case ENDED_REPLY -> new Reply.Ended(in.readBoolean());
        case CAS_REPLY -> new Reply.CasReply(in.readBoolean() ? new CasResult.Written(in.readLong())
            : new CasResult.Conflict(in.readLong(), in.readLong()));
        case DOCUMENT_REPLY -> new Reply.DocumentReply(readOptional(in, Codec::readDocument));
        case LEADERSHIP_REPLY -> new Reply.LeadershipReply(in.readUTF(), in.readBoolean(), in.readLong());
        default -> throw new IllegalArgumentException("unknown reply tag " + tag);
      };
    });
  }

  static void writeState(CoordinationState state, DataOutput out) throws IOException {
    out.writeInt(SNAPSHOT_FORMAT);
    Map<String, Epoch> epochs = new TreeMap<>(state.lastEpochs());
    out.writeInt(epochs.size());
    for (Map.Entry<String, Epoch> e : epochs.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue().value());
    }
    out.writeInt(state.held().size());
    for (HeldLease h : state.held()) {
      writeLease(out, h.lease());
      out.writeLong(h.grantIndex());
      out.writeLong(h.term());
    }
    Map<String, VersionedDocument> documents = new TreeMap<>(state.documents());
    out.writeInt(documents.size());
    for (VersionedDocument d : documents.values()) {
      writeDocument(out, d);
    }
  }

  static CoordinationState readState(DataInput in) throws IOException {
    int format = in.readInt();
    if (format < 1 || format > SNAPSHOT_FORMAT) {
      throw new IOException("snapshot format " + format + " is not known to this version: it reads formats 1-"
          + SNAPSHOT_FORMAT);
    }
    Map<String, Epoch> epochs = new TreeMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      epochs.put(in.readUTF(), new Epoch(in.readLong()));
    }
    Map<String, HeldLease> held = new TreeMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      Lease lease = readLease(in);
      held.put(lease.name(), new HeldLease(lease, in.readLong(), format >= 2 ? in.readLong() : 0));
    }
    Map<String, VersionedDocument> documents = new TreeMap<>();
    for (int i = in.readInt(); i > 0; i--) {
      VersionedDocument d = readDocument(in);
      documents.put(d.key(), d);
    }
    return new CoordinationState(held, epochs, documents);
  }

  private static void writeTerm(DataOutput out, long term) throws IOException {
    if (term != 0) {
      out.writeLong(term);
    }
  }

  private static void writeLease(DataOutput out, Lease lease) throws IOException {
    out.writeUTF(lease.name());
    out.writeUTF(lease.owner());
    out.writeLong(lease.epoch().value());
    out.writeLong(lease.ttl().toNanos());
  }

  private static Lease readLease(DataInput in) throws IOException {
    return new Lease(in.readUTF(), in.readUTF(), new Epoch(in.readLong()), Duration.ofNanos(in.readLong()));
  }

  private static void writeDocument(DataOutput out, VersionedDocument d) throws IOException {
    out.writeUTF(d.key());
    out.writeLong(d.version());
    writeBytes(out, d.value());
  }

  private static VersionedDocument readDocument(DataInput in) throws IOException {
    return new VersionedDocument(in.readUTF(), in.readLong(), readBytes(in));
  }

  private static void writeBytes(DataOutput out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > VersionedDocument.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("value length " + n + " is out of range 0-" + VersionedDocument.MAX_VALUE_BYTES);
    }
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return bytes;
  }

  private static <T> void writeOptional(DataOutput out, Optional<T> value, Writer<T> writer) throws IOException {
    out.writeBoolean(value.isPresent());
    if (value.isPresent()) {
      writer.write(out, value.get());
    }
  }

  private static <T> Optional<T> readOptional(DataInput in, Reader<T> reader) throws IOException {
    return in.readBoolean() ? Optional.of(reader.read(in)) : Optional.empty();
  }

  private static byte[] write(Body body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      body.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, Reader<T> reader) {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    try {
      T value = reader.read(in);
      if (in.available() > 0) {
        throw new IllegalArgumentException(in.available() + " bytes left over after " + value);
      }
      return value;
    } catch (EOFException e) {
      throw new IllegalArgumentException("message of " + bytes.length + " bytes ends too early", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("message of " + bytes.length + " bytes is malformed: " + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  @FunctionalInterface
  private interface Writer<T> {
    void write(DataOutput out, T value) throws IOException;
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(DataInput in) throws IOException;
  }
}
