package dev.baton.router;

import io.netty.channel.epoll.Epoll;

/**
 * Every {@link RouterTest} again on epoll with two event loops: the transport where the kernel
 * refuses io_uring, and a client and its backend sharing one loop among several.
 */
class EpollRouterTest extends RouterTest {
  @Override
  RouterSettings variant(RouterSettings settings) {
    return settings.withIoUring(false).withEventLoops(2);
  }

  @Override
  String expectedTransport() {
    return Epoll.isAvailable() ? "epoll" : "nio";
  }
}
