package dev.baton.router;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection through a scratch router on loopback ports, to a scratch backend, and back.
 * A router started in a JVM where none ran before spent 0.2–0.6 s of a takeover loading and
 * first running its data path (bench/takeover: from the routing in force to the first client
 * answered); this makes a standby pay that before it is needed.
 */
final class WarmUp {
  private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final byte[] GREETING = "scratch greeting".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private WarmUp() {}

  static void run(RouterSettings settings) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    RouterSettings scratch = RouterSettings.defaults(loopback.getHostAddress(), 0, 0).withIoUring(settings.ioUring())
        .withEventLoops(1);
    try (ServerSocket backend = new ServerSocket(0, 1, loopback); Router router = Router.start(scratch)) {
      backend.setSoTimeout((int) BOUND.toMillis());
      router.route(new Routing(Optional.of(new InstanceAddress(loopback.getHostAddress(), backend.getLocalPort())),
          List.of()));
      try (Socket client = new Socket(loopback, router.writeAddress().getPort()); Socket server = backend.accept()) {
        client.setSoTimeout((int) BOUND.toMillis());
        server.setSoTimeout((int) BOUND.toMillis());
        relay(server.getOutputStream(), client.getInputStream());
        relay(client.getOutputStream(), server.getInputStream());
      }
    } catch (IOException | RuntimeException e) {
      log.debug("the router's warm-up did not complete: {}", e.toString());
    }
  }

  private static void relay(OutputStream from, InputStream to) throws IOException {
    from.write(GREETING);
    from.flush();
    if (to.readNBytes(GREETING.length).length != GREETING.length) {
      throw new IOException("the scratch connection ended early");
    }
  }
}
