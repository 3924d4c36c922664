package io.ziptrace.examples.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in this JVM: one KRaft node acting as broker and controller, on a loopback
 * port, with its data in a temporary directory deleted on {@link #close()}. It starts in a few
 * seconds, so the Kafka example and the tests need no Kafka installation and no container.
 *
 * <p>The broker can be stopped and started again on the same address ({@link #stopBroker()},
 * {@link #startBroker()}), to show what clients do while it is down.
 */
public final class LocalKafka implements AutoCloseable {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaClusterTestKit cluster;

  private LocalKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats and starts a one-node cluster, returning once its broker accepts clients. */
  public static LocalKafka start() throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .build();
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
        // One broker: internal topics cannot have more replicas than that.
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        // Consumers joining an empty group start at once instead of waiting 3 s for others.
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "true")
        .build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return new LocalKafka(cluster);
  }

  /**
   * Formats the cluster's storage. Kafka's formatter prints its bootstrap metadata to standard
   * output, which would fill the example's output: it is shown only when formatting fails.
   */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    PrintStream out = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      cluster.format();
    } catch (Exception | Error e) {
      out.print(printed.toString(StandardCharsets.UTF_8));
      throw e;
    } finally {
      System.setOut(out);
    }
  }

  /** The {@code bootstrap.servers} value for clients, e.g. {@code localhost:40123}. */
  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /**
   * Creates a topic with {@code partitions} partitions, unless it exists already, and waits until
   * the broker has it.
   */
  public void createTopic(String name, int partitions) throws InterruptedException, ExecutionException,
      TimeoutException {
    try (Admin admin = admin()) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
  }

  /** The names of the topics the broker has, internal ones excluded. */
  public Set<String> topics() throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** A client for topic administration; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** Stops the broker (the controller keeps running); clients see it as down. */
  public void stopBroker() {
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.shutdown();
      broker.awaitShutdown();
    }
  }

  /** Starts the broker again after {@link #stopBroker()}, on the same address, and waits until it is ready. */
  public void startBroker() throws ExecutionException, InterruptedException {
    for (BrokerServer broker : cluster.brokers().values()) broker.startup();
    cluster.waitForReadyBrokers();
  }

  /** Stops the cluster and deletes its data. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
