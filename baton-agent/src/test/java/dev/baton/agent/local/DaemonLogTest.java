package dev.baton.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DaemonLogTest {

  @Test
  void aTakenApiPortIsFoundInBatonsOwnWords() {
    String log = "baton: API port 127.0.0.1:3001 is already in use: stop what listens there\n";

    assertThat(DaemonLog.portInUse(log)).isEqualTo(OptionalInt.of(3001));
  }

  @Test
  void aTakenEndpointPortIsFoundInTheRoutersWords() {
    String log = "baton: write endpoint port 127.0.0.1:3306 is already in use: bind(..) failed: Address already in use\n";

    assertThat(DaemonLog.portInUse(log)).isEqualTo(OptionalInt.of(3306));
  }

  @Test
  void aTakenRaftPortIsFoundInTheWordsOfRatisWhichEndsTheJvmItself() {
    // As an agent logs it when another listener holds its Raft port.
    String log = """
        13:17:47.858 ERROR [main] o.a.r.g.s.GrpcServicesImpl - Terminating with exit status 1: Failed to start Grpc server
        java.io.IOException: Failed to bind to address /127.0.0.1:10009
        Caused by: org.apache.ratis.thirdparty.io.netty.channel.unix.Errors$NativeIoException: bind(..) failed: Address already in use
        """;

    assertThat(DaemonLog.portInUse(log)).isEqualTo(OptionalInt.of(10009));
  }

  @Test
  void aRaftBindFailureForAnotherReasonIsNotATakenPort() {
    String log = """
        java.io.IOException: Failed to bind to address /10.9.9.9:10009
        Caused by: ...NativeIoException: bind(..) failed: Cannot assign requested address
        """;

    assertThat(DaemonLog.portInUse(log)).isEmpty();
  }

  @Test
  void otherFailuresAreNotTakenPorts() {
    assertThat(DaemonLog.portInUse("baton: topology.json is missing: the cluster was never fully created\n")).isEmpty();
    assertThat(DaemonLog.portInUse("")).isEmpty();
  }
}
