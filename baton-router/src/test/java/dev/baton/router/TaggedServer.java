package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in database instance: greets each connection with its name and a newline, as a MySQL
 * server speaks first, then echoes everything back, so a test sees where a connection landed.
 */
final class TaggedServer implements AutoCloseable {
  private final String name;
  private final ServerSocket server;
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong bytesReceived = new AtomicLong();

  private TaggedServer(String name, ServerSocket server) {
    this.name = name;
    this.server = server;
    Thread acceptor = new Thread(this::acceptLoop, "tagged-" + name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static TaggedServer start(String name) throws IOException {
    return new TaggedServer(name, new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1")));
  }

  InstanceAddress address() {
    return new InstanceAddress("127.0.0.1", server.getLocalPort());
  }

  int openConnections() {
    return connections.size();
  }

  long bytesReceived() {
    return bytesReceived.get();
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
        Thread t = new Thread(() -> serve(socket), "tagged-" + name + "-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
      out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      byte[] buffer = new byte[64 * 1024];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        bytesReceived.addAndGet(n);
        out.write(buffer, 0, n);
      }
    } catch (IOException peerGone) {
      // the router or the test closed the connection: nothing left to serve
    } finally {
      connections.remove(socket);
    }
  }
}
