package io.ziptrace.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {
  private static final long TIMEOUT_SECONDS = 120;

  @TempDir Path dir;

  @Test
  void createsTopicsOnceAndListsOnlyTheApplicationsOnes() throws Exception {
    try (LocalKafka kafka = LocalKafka.start(Map.of("auto.create.topics.enable", "false"))) {
      kafka.createTopic("orders", 3);
      kafka.createTopic("orders", 1); // exists: kept as it is
      kafka.createTopic("audit", 1, Map.of("retention.ms", "60000"));

      Map<String, TopicDescription> orders;
      Set<String> withInternal;
      try (Admin admin = kafka.admin()) {
        orders = admin.describeTopics(List.of("orders")).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        // Looking up a consumer group's offsets makes the broker create its internal offsets topic.
        admin.listConsumerGroupOffsets("g").partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        withInternal = admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      assertThat(orders.get("orders").partitions()).hasSize(3);
      assertThat(withInternal).contains("__consumer_offsets");
      assertThat(kafka.topics()).containsExactlyInAnyOrder("orders", "audit");
      assertThat(kafka.bootstrapServers()).matches("localhost:\\d+");
    }
  }

  @Test
  void theCommandServesClientsOnItsPortAndDeletesItsDataWhenStopped() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    int port = freeLoopbackPort();
    Process command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
        LocalKafka.class.getName(), "--port", Integer.toString(port))
        .redirectError(dir.resolve("stderr.txt").toFile())
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(command.getInputStream(), StandardCharsets.UTF_8))) {
      String ready = CompletableFuture.supplyAsync(() -> readLine(out)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(ready).isEqualTo("Kafka broker ready at localhost:" + port + " (Ctrl-C stops it and deletes its data)");
      assertThat(dataDirectories(tmp)).isNotEmpty();

      Collection<Node> nodes;
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + port))) {
        nodes = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      }
      // Clients are told the fixed port, not the kit's own listener, so they stay on it.
      assertThat(nodes).singleElement().satisfies(node -> assertThat(node.port()).isEqualTo(port));

      // SIGTERM, which runs the shutdown hooks as Ctrl-C does (the handle leaves the streams open to read).
      command.toHandle().destroy();
      assertThat(command.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("stopped").isTrue();
      assertThat(out.readLine()).as("anything printed after the ready line").isNull();
    } finally {
      command.destroyForcibly();
    }
    assertThat(dataDirectories(tmp)).isEmpty();
    // No logging backend on this class path: the command drops the broker's log without SLF4J's warning.
    assertThat(Files.readString(dir.resolve("stderr.txt"))).isEmpty();
  }

  @Test
  void theCommandTakesAnOptionalPort() {
    assertThat(LocalKafka.portArgument()).isZero();
    assertThat(LocalKafka.portArgument("--port", "9092")).isEqualTo(9092);
    assertThat(LocalKafka.portArgument("--help")).isNegative();
    assertThatThrownBy(() -> LocalKafka.portArgument("--port", "0")).hasMessageContaining("from 1 to 65535, not 0");
    assertThatThrownBy(() -> LocalKafka.portArgument("--port", "x")).hasMessageContaining("not x");
    assertThatThrownBy(() -> LocalKafka.portArgument("--port")).hasMessage("--port needs a port number");
    assertThatThrownBy(() -> LocalKafka.portArgument("9092")).hasMessage("Unknown argument: 9092");
    assertThatThrownBy(() -> LocalKafka.portArgument("--port", "9092", "--x")).hasMessage("Unknown argument: --x");
  }

  private static String readLine(BufferedReader reader) {
    try {
      return reader.readLine();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the kit keeps the node's data in: directories {@code kafka-*} in the temporary directory. */
  private static List<Path> dataDirectories(Path tmp) throws IOException {
    try (Stream<Path> entries = Files.list(tmp)) {
      return entries.filter(p -> p.getFileName().toString().startsWith("kafka-")).toList();
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
