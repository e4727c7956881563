package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in MySQL server that speaks just enough of the protocol for health checks: a
 * protocol-10 greeting naming the server, a mysql_native_password login for one account, and
 * COM_QUIT. It counts the logins, the orderly quits and the logged-in sessions dropped without
 * a quit (what the real server would count in Aborted_clients). It can be told to refuse
 * connections with "Too many connections", as an overloaded server does.
 */
final class FakeMysqlServer implements AutoCloseable {
  private static final byte[] NONCE = "abcdefghijklmnopqrst".getBytes(StandardCharsets.US_ASCII);

  private final String name;
  private final String user;
  private final String password;
  private final ServerSocket server;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger logins = new AtomicInteger();
  private final AtomicInteger quits = new AtomicInteger();
  private final AtomicInteger dropped = new AtomicInteger();
  private final AtomicInteger deniedLogins = new AtomicInteger();
  private volatile boolean refusing;

  private FakeMysqlServer(String name, String user, String password, ServerSocket server) {
    this.name = name;
    this.user = user;
    this.password = password;
    this.server = server;
    Thread acceptor = new Thread(this::acceptLoop, "fake-mysql-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static FakeMysqlServer start(String name, String user, String password) throws IOException {
    return new FakeMysqlServer(name, user, password, new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
  }

  InstanceAddress address() {
    return new InstanceAddress("127.0.0.1", server.getLocalPort());
  }

  void refuse(boolean refuse) {
    refusing = refuse;
  }

  int logins() {
    return logins.get();
  }

  int quits() {
    return quits.get();
  }

  int dropped() {
    return dropped.get();
  }

  int deniedLogins() {
    return deniedLogins.get();
  }

  /** The server name a client reads from the greeting, to tell where it landed. */
  static String nameIn(byte[] greetingPayload) {
    int end = 1;
    while (greetingPayload[end] != 0) {
      end++;
    }
    return new String(greetingPayload, 1, end - 1, StandardCharsets.US_ASCII);
  }

  static byte[] readPacket(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] header = new byte[4];
    data.readFully(header);
    byte[] payload = new byte[(header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16];
    data.readFully(payload);
    return payload;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : connections) {
      s.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        Thread t = new Thread(() -> serve(socket), "fake-mysql-" + name + "-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    boolean loggedIn = false;
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      if (refusing) {
        write(out, 0, concat(new byte[] {(byte) 0xFF, 0x10, 0x04}, bytes("Too many connections")));
        return;
      }
      write(out, 0, greeting());
      byte[] response = readPacket(in);
      int userEnd = 32;
      while (response[userEnd] != 0) {
        userEnd++;
      }
      String who = new String(response, 32, userEnd - 32, StandardCharsets.UTF_8);
      byte[] auth = Arrays.copyOfRange(response, userEnd + 2, userEnd + 2 + response[userEnd + 1]);
      byte[] expected = MysqlLogin.scramble(MysqlLogin.NATIVE_PASSWORD, password, NONCE);
      if (!who.equals(user) || !Arrays.equals(auth, expected)) {
        deniedLogins.incrementAndGet();
        write(out, 2, concat(new byte[] {(byte) 0xFF, 0x15, 0x04, '#', '2', '8', '0', '0', '0'},
            bytes("Access denied for user '" + who + "'")));
        return;
      }
      write(out, 2, new byte[] {0, 0, 0, 2, 0, 0, 0});
      logins.incrementAndGet();
      loggedIn = true;
      byte[] command = readPacket(in);
      if (command.length == 1 && command[0] == 0x01) {
        quits.incrementAndGet();
        loggedIn = false;
      }
    } catch (IOException | MysqlLogin.LoginException gone) {
      // the peer went away; counted below if it had logged in
    } finally {
      if (loggedIn) {
        dropped.incrementAndGet();
      }
      connections.remove(socket);
    }
  }

  private byte[] greeting() {
    byte[] head = concat(new byte[] {10}, bytes(name + "\0"));
    byte[] afterVersion = new byte[4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10];
    System.arraycopy(NONCE, 0, afterVersion, 4, 8);
    afterVersion[13] = (byte) 0xFF;
    afterVersion[14] = (byte) 0xF7;
    afterVersion[15] = 45;
    afterVersion[16] = 2;
    afterVersion[18] = (byte) 0xFF;
    afterVersion[19] = (byte) 0x81;
    afterVersion[20] = 21;
    byte[] rest = concat(concat(Arrays.copyOfRange(NONCE, 8, 20), new byte[1]), bytes("mysql_native_password\0"));
    return concat(concat(head, afterVersion), rest);
  }

  private static void write(OutputStream out, int sequence, byte[] payload) throws IOException {
    out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
        (byte) sequence});
    out.write(payload);
    out.flush();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
