package dev.baton.agent.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.core.cluster.ClusterSpec;
import dev.baton.core.cluster.ClusterStateException;
import dev.baton.core.cluster.Flavor;
import dev.baton.core.cluster.InstanceAddress;
import dev.baton.core.cluster.NodeCount;
import dev.baton.core.cluster.PortPlan;
import dev.baton.core.cluster.RequestedPorts;
import dev.baton.core.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterDirectoryTest {
  private static final ClusterSpec SPEC =
      ClusterSpec.of("local", Flavor.MARIADB, "127.0.0.1", PortPlan.choose(new NodeCount(3), p -> true, RequestedPorts.NONE, ClusterSpec.DEFAULT_HOST));
  private static final InstanceAddress A = new InstanceAddress("127.0.0.1", 3310);
  private static final InstanceAddress B = new InstanceAddress("127.0.0.1", 3311);
  private static final InstanceAddress C = new InstanceAddress("127.0.0.1", 3312);

  @TempDir
  Path tmp;

  @Test
  void specReadsBackAsWritten() throws IOException {
    ClusterDirectory dir = new ClusterDirectory(tmp);

    dir.writeSpec(SPEC);

    assertThat(dir.loadSpec()).isEqualTo(SPEC);
    assertThat(dir.holdsCluster()).isTrue();
  }

  @Test
  void specIsStoredWithTheFlavorId() throws IOException {
    ClusterDirectory dir = new ClusterDirectory(tmp);

    dir.writeSpec(SPEC);

    assertThat(Files.readString(dir.specFile())).contains("\"flavor\" : \"mariadb\"");
  }

  @Test
  void writingLeavesNoTemporaryFileBehind() throws IOException {
    ClusterDirectory dir = new ClusterDirectory(tmp);

    dir.writeSpec(SPEC);
    dir.writeTopology(new Topology(A, List.of(B, C)));

    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("cluster.json", "topology.json");
    }
  }

  @Test
  void loadingASpecFromAnEmptyDirectorySaysToRunBatonUp() {
    ClusterDirectory dir = new ClusterDirectory(tmp);

    assertThatThrownBy(dir::loadSpec)
        .isInstanceOf(ClusterStateException.class)
        .hasMessageContaining("no Baton cluster in " + dir.root())
        .hasMessageContaining("'baton up --dir " + dir.root() + "'");
  }

  @Test
  void topologyReadsBackAsWritten() throws IOException {
    ClusterDirectory dir = new ClusterDirectory(tmp);
    Topology t = new Topology(B, List.of(C, A));

    dir.writeTopology(t);

    assertThat(dir.loadTopology()).contains(t);
  }

  @Test
  void aNewTopologyReplacesTheOldOne() throws IOException {
    ClusterDirectory dir = new ClusterDirectory(tmp);
    dir.writeTopology(new Topology(A, List.of(B, C)));

    dir.writeTopology(new Topology(B, List.of(A, C)));

    assertThat(dir.loadTopology()).map(Topology::primary).contains(B);
  }

  @Test
  void noTopologyFileMeansNoTopologyYet() throws IOException {
    assertThat(new ClusterDirectory(tmp).loadTopology()).isEmpty();
  }

  @Test
  void anAbsentDirectoryIsEmptyOrAbsent() throws IOException {
    assertThat(new ClusterDirectory(tmp.resolve("missing")).isEmptyOrAbsent()).isTrue();
  }

  @Test
  void anEmptyDirectoryIsEmptyOrAbsent() throws IOException {
    assertThat(new ClusterDirectory(tmp).isEmptyOrAbsent()).isTrue();
  }

  @Test
  void aDirectoryHoldingAnythingIsNotEmpty() throws IOException {
    Files.writeString(tmp.resolve("notes.txt"), "mine");

    assertThat(new ClusterDirectory(tmp).isEmptyOrAbsent()).isFalse();
  }

  @Test
  void aRegularFileIsNotAnEmptyDirectory() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "");

    assertThat(new ClusterDirectory(file).isEmptyOrAbsent()).isFalse();
  }

  @Test
  void aDirectoryWithASpecIsNotEmpty() throws IOException {
    ClusterDirectory dir = new ClusterDirectory(tmp);
    dir.writeSpec(SPEC);

    assertThat(dir.isEmptyOrAbsent()).isFalse();
  }

  @Test
  void rootIsMadeAbsoluteAndNormal() {
    ClusterDirectory dir = new ClusterDirectory(tmp.resolve("a/../b"));

    assertThat(dir.root()).isEqualTo(tmp.resolve("b").toAbsolutePath());
    assertThat(dir.nodeDir(SPEC.node(2))).isEqualTo(dir.root().resolve("node2"));
    assertThat(dir.credentials().file()).isEqualTo(dir.root().resolve("credentials.json"));
  }
}
