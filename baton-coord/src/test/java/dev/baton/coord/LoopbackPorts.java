package dev.baton.coord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on 127.0.0.1, found by letting the kernel choose and closing the sockets again. */
public final class LoopbackPorts {
  private LoopbackPorts() {}

  /** {@code count} different free ports: the sockets stay open until all are chosen. */
  public static List<Integer> free(int count) {
    List<ServerSocket> open = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        open.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return open.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on the loopback address", e);
    } finally {
      for (ServerSocket s : open) {
        try {
          s.close();
        } catch (IOException e) {
          // The port was only borrowed to learn its number.
        }
      }
    }
  }
}
