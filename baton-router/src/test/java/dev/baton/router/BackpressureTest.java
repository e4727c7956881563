package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.topology.Routing;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A side that does not read slows the other down instead of filling the router's memory, and
 * the relay resumes in full once it reads.
 */
@Timeout(60)
class BackpressureTest {
  private static final int RESULT = 128 * 1024 * 1024;
  /** Kernel socket buffers on both hops plus the router's high water mark stay far below this. */
  private static final long BOUND = 48L * 1024 * 1024;

  @Test
  void anInstanceSendingToAClientThatDoesNotReadIsStalledUntilTheClientReads() throws Exception {
    floodAndDrain(true);
  }

  @Test
  void aClientSendingToAnInstanceThatDoesNotReadIsStalledUntilTheInstanceReads() throws Exception {
    floodAndDrain(false);
  }

  private static void floodAndDrain(boolean toClient) throws Exception {
    try (ServerSocket instance = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        Router router = Router.start(RouterSettings.defaults("127.0.0.1", 0, 0))) {
      router.route(new Routing(Optional.of(new InstanceAddress("127.0.0.1", instance.getLocalPort())), List.of()));
      try (Socket client = new Socket("127.0.0.1", router.writeAddress().getPort());
          Socket server = instance.accept()) {
        Socket sender = toClient ? server : client;
        Socket receiver = toClient ? client : server;
        AtomicLong sent = new AtomicLong();
        Thread flood = new Thread(() -> {
          try (OutputStream out = sender.getOutputStream()) {
            byte[] chunk = new byte[64 * 1024];
            while (sent.get() < RESULT) {
              out.write(chunk);
              sent.addAndGet(chunk.length);
            }
          } catch (Exception closed) {
            // the test ended the connection
          }
        }, "flood");
        flood.setDaemon(true);
        flood.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() > 0);
        long before;
        long after = sent.get();
        do {
          before = after;
          Thread.sleep(300);
          after = sent.get();
        } while (after != before);

        assertThat(after).as("bytes the sender got rid of while the other side read nothing").isLessThan(BOUND);
        // A stalled relay fails the test here: @Timeout cannot interrupt a blocking socket read.
        receiver.setSoTimeout(30_000);
        InputStream in = receiver.getInputStream();
        long received = 0;
        byte[] buffer = new byte[256 * 1024];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          received += n;
        }
        assertThat(received).isEqualTo(RESULT);
      }
    }
  }
}
