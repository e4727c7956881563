package dev.baton.router;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A database client on a plain socket; every read is bounded by the socket timeout. */
final class TestClient implements AutoCloseable {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

  private final Socket socket;
  private final InputStream in;

  private TestClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  static TestClient connect(InetSocketAddress address) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(address, (int) READ_TIMEOUT.toMillis());
      socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      return new TestClient(socket);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** The greeting line: the name of the server the connection landed on. */
  String readTag() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new EOFException("closed before a full tag; got '" + line + "'");
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  void send(byte[] bytes) throws IOException {
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
  }

  byte[] readExactly(int length) throws IOException {
    return in.readNBytes(length);
  }

  /** Whether the peer closes (or resets) the connection within {@code wait}, sending nothing before. */
  boolean closedWithin(Duration wait) throws IOException {
    socket.setSoTimeout((int) wait.toMillis());
    try {
      int b = in.read();
      if (b >= 0) {
        throw new IllegalStateException("expected the connection to close, got byte " + b);
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    } finally {
      if (!socket.isClosed()) {
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
