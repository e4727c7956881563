package dev.baton.agent.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * Creates the JDK HTTP servers the agent serves from, with TCP_NODELAY on their connections.
 *
 * <p>The JDK server writes a response's headers and its body in separate sends and leaves Nagle's
 * algorithm on unless told otherwise; against a client that delays its ACK, every response then
 * waited about 40 ms. That was the whole of the routing long-poll hop between a promotion and the
 * standalone router (and a 40 ms floor under every API call). The JDK reads the switch once, when
 * its first server is made, so it is set here, before any.
 */
public final class HttpServers {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private HttpServers() {}

  public static HttpServer create(InetSocketAddress address, int backlog) throws IOException {
    return HttpServer.create(address, backlog);
  }
}
