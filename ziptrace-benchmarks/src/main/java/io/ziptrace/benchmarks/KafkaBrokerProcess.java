package io.ziptrace.benchmarks;

import io.ziptrace.kafka.testing.LocalKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A Kafka broker ({@link LocalKafka}) in a JVM of its own, so that a benchmark's process CPU time
 * counts its clients and not the broker. Started with this process's java binary and class path
 * on a free loopback port; stopped on {@link #close()}.
 */
final class KafkaBrokerProcess implements AutoCloseable {
  private final Process process;
  private final String bootstrapServers;

  private KafkaBrokerProcess(Process process, String bootstrapServers) {
    this.process = process;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts the broker and waits until it says it is ready. */
  static KafkaBrokerProcess start() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        LocalKafka.class.getName(), "--port", Integer.toString(FreePort.find())).redirectErrorStream(true).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith("Kafka broker ready at ")) {
        String bootstrap = line.substring("Kafka broker ready at ".length()).split(" ")[0];
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "kafka-broker-output");
        drain.setDaemon(true);
        drain.start();
        return new KafkaBrokerProcess(process, bootstrap);
      }
    }
    throw new IllegalStateException("the Kafka broker exited with " + process.waitFor() + " before it was ready");
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with one partition. */
  void createTopic(String name) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
