package dev.baton.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoopCounterTest {
  @Test
  void theSumCoversEverySlot() {
    LoopCounter bytes = new LoopCounter(3);
    bytes.add(0, 5);
    bytes.add(2, 7);
    bytes.add(0, 1);

    assertThat(bytes.sum()).isEqualTo(13);
  }

  @Test
  void eachLoopOfTheGroupHasItsOwnNumberAndAStrangerHasNone() {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    EventLoopGroup other = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      List<Integer> numbers = new ArrayList<>();
      for (EventExecutor loop : group) {
        numbers.add(LoopCounter.indexOf(group, (EventLoop) loop));
      }
      assertThat(numbers).containsExactly(0, 1);
      assertThatThrownBy(() -> LoopCounter.indexOf(group, other.next()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of the router's event loops");
    } finally {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      other.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
  }
}
