package io.ziptrace.kafka.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
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
import org.slf4j.helpers.NOP_FallbackServiceProvider;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A real Kafka broker inside this JVM, for your tests and for local development: one KRaft node
 * acting as broker and controller, with its data in a temporary directory that {@link #close()}
 * deletes. It starts in a few seconds and needs no Kafka installation and no container, so a
 * test that produces and consumes real records runs wherever {@code mvn test} runs.
 *
 * <p>Add the artifact with {@code <scope>test</scope>}, start one broker per test class, and hand
 * {@link #bootstrapServers()} to the clients under test:
 *
 * <pre>{@code
 * try (LocalKafka kafka = LocalKafka.start()) {
 *   kafka.createTopic("orders", 3);
 *   Map<String, Object> config = Map.of("bootstrap.servers", kafka.bootstrapServers());
 *   // ... a KafkaProducer and a KafkaConsumer with this config ...
 * }
 * }</pre>
 *
 * <p>In JUnit 5, start it in a static {@code @BeforeAll} method and close it in {@code @AfterAll}:
 * starting takes seconds, so one broker serves the whole class, each test on topics of its own.
 * For local development, {@link #main(String[])} runs one from the command line until Ctrl-C.
 *
 * <p>The broker listens on a port picked free at start: Kafka's test kit, which this class runs,
 * binds its listeners itself and cannot be told a port (the command line's {@code --port} adds a
 * listener of its own on {@code localhost}). The kit binds them on all of the machine's network
 * interfaces, without authentication: fine on a developer machine or a CI runner, not on a
 * network shared with strangers. The broker creates a topic on first use unless {@code
 * auto.create.topics.enable=false} is given. It can be stopped and started again on the same
 * address ({@link #stopBroker()}, {@link #startBroker()}), to test what clients do while it is
 * down.
 *
 * <p>Logging: the broker logs through SLF4J (and the Log4j API, bridged to SLF4J); this artifact
 * brings no logging backend, so the backend on your test class path prints it, with that
 * backend's configuration, and with none SLF4J prints once that it drops it. {@link #close()}
 * logs one harmless warning from {@code org.apache.kafka.clients.NetworkClient}, "Attempting to
 * close NetworkClient that has already been closed": Kafka's controller closes one of its own
 * clients twice when it stops.
 *
 * <p>The broker needs kafka-clients of its own version on the class path, the one this artifact
 * depends on: a project that pins another kafka-clients version pins it for the broker too. An
 * instance is safe to use from several threads, except that {@link #stopBroker()}, {@link
 * #startBroker()} and {@link #close()} must not overlap.
 */
public final class LocalKafka implements AutoCloseable {
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  /** The extra listener that {@code --port} adds; its name only has to differ from the kit's. */
  private static final String FIXED_PORT_LISTENER = "FIXED";
  private static final String USAGE = String.join("\n",
      "usage: java -cp <class path> io.ziptrace.kafka.testing.LocalKafka [--port N]",
      "Runs a Kafka broker (one KRaft node) until Ctrl-C, then deletes its data.",
      "  --port N  clients connect at localhost:N (default: a free port, printed at start)");

  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;

  private LocalKafka(KafkaClusterTestKit cluster, String bootstrapServers) {
    this.cluster = cluster;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Formats and starts a one-node cluster, returning once its broker accepts clients; takes a few
   * seconds. Close it when done, or its threads and data stay until the JVM exits.
   *
   * @throws Exception when the broker could not start; nothing is left running then
   */
  public static LocalKafka start() throws Exception {
    return start(Map.of());
  }

  /**
   * As {@link #start()}, with {@code brokerConfig} set on the node after the defaults, e.g.
   * {@code auto.create.topics.enable=false} to test code against missing topics, or {@code
   * message.max.bytes} to test large records. The defaults suit one broker: replication factor 1
   * for internal topics, and consumer groups that start without the usual 3 s wait for more
   * members.
   *
   * @throws Exception when the broker could not start, e.g. a configuration Kafka refuses;
   *     nothing is left running then
   */
  public static LocalKafka start(Map<String, String> brokerConfig) throws Exception {
    return start(brokerConfig, 0);
  }

  /** As {@link #start(Map)}; with {@code fixedPort} above 0, clients connect on that port instead. */
  private static LocalKafka start(Map<String, String> brokerConfig, int fixedPort) throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
        // One broker: internal topics cannot have more replicas than that.
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        // Consumers joining an empty group start at once instead of waiting 3 s for others.
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "true");
    if (fixedPort > 0) addFixedPortListener(builder, nodes, fixedPort);
    brokerConfig.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return new LocalKafka(cluster, fixedPort > 0 ? "localhost:" + fixedPort : cluster.bootstrapServers());
  }

  /**
   * The kit binds its own listeners to free ports before the broker starts and hands the broker
   * those sockets whatever port the configuration names, so a fixed port needs a listener of
   * another name. Clients that connect there are told that listener's address, so they stay on
   * the fixed port.
   */
  private static void addFixedPortListener(KafkaClusterTestKit.Builder builder, TestKitNodes nodes, int port) {
    String broker = nodes.brokerListenerName().value();
    String controller = nodes.controllerListenerName().value();
    builder.setConfigProp("listeners", broker + "://localhost:0," + controller + "://localhost:0,"
        + FIXED_PORT_LISTENER + "://localhost:" + port);
    builder.setConfigProp("listener.security.protocol.map", broker + ":" + nodes.brokerListenerProtocol().name + ","
        + controller + ":" + nodes.controllerListenerProtocol().name + "," + FIXED_PORT_LISTENER + ":PLAINTEXT");
  }

  /**
   * Formats the cluster's storage. Kafka's formatter prints its bootstrap metadata to standard
   * output, which would fill a test's or the command's output: it is shown only when formatting
   * fails.
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

  /**
   * The {@code bootstrap.servers} value for clients, e.g. {@code localhost:40123}. It stays the
   * same across {@link #stopBroker()} and {@link #startBroker()}.
   */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Creates a topic with {@code partitions} partitions (replication factor 1), unless it exists
   * already, and returns once the broker has it; creating topics up front spares a test the
   * broker's automatic creation on first use, whose first sends and polls wait for the topic.
   *
   * @throws ExecutionException when Kafka refuses the topic, e.g. an invalid name
   * @throws TimeoutException when the broker did not answer within 30 s
   */
  public void createTopic(String name, int partitions) throws InterruptedException, ExecutionException,
      TimeoutException {
    createTopic(name, partitions, Map.of());
  }

  /**
   * As {@link #createTopic(String, int)}, with topic configuration {@code topicConfig}, e.g.
   * {@code max.message.bytes} or {@code retention.ms}; a topic that exists already keeps its
   * configuration.
   *
   * @throws ExecutionException when Kafka refuses the topic or its configuration
   * @throws TimeoutException when the broker did not answer within 30 s
   */
  public void createTopic(String name, int partitions, Map<String, String> topicConfig) throws InterruptedException,
      ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      try {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(topicConfig))).all()
            .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) throw e;
      }
    }
  }

  /**
   * The names of the topics the broker has, internal ones (such as {@code __consumer_offsets})
   * excluded; for a test to check which topics the code under test created.
   *
   * @throws TimeoutException when the broker did not answer within 30 s
   */
  public Set<String> topics() throws InterruptedException, ExecutionException, TimeoutException {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * A new Kafka {@link Admin} client connected to this broker, for what the other methods do not
   * cover (deleting topics, reading offsets, changing configurations). The caller closes it.
   */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /**
   * Stops the broker while its controller keeps running, and returns once it is down: clients
   * then fail to connect, as in a broker outage, until {@link #startBroker()}. Records and topics
   * are kept.
   */
  public void stopBroker() {
    for (BrokerServer broker : cluster.brokers().values()) {
      broker.shutdown();
      broker.awaitShutdown();
    }
  }

  /**
   * Starts the broker again after {@link #stopBroker()}, on the same address and with the same
   * data, and returns once it accepts clients again.
   */
  public void startBroker() throws ExecutionException, InterruptedException {
    for (BrokerServer broker : cluster.brokers().values()) broker.startup();
    cluster.waitForReadyBrokers();
  }

  /** Stops the broker and its controller, and deletes their data. */
  @Override
  public void close() throws Exception {
    cluster.close();
  }

  /**
   * Runs a broker from the command line for local development: starts it, prints one line
   * {@code Kafka broker ready at localhost:<port> (Ctrl-C stops it and deletes its data)}, and
   * runs until the JVM is stopped (Ctrl-C), then closes it. With {@code --port N} clients connect
   * at {@code localhost:N}, so an application's configuration can name a fixed address; without
   * it the port is a free one, different on each run.
   *
   * <p>Run it with this artifact's runtime class path, e.g. {@code java -cp "$(cat classpath.txt)"
   * io.ziptrace.kafka.testing.LocalKafka --port 9092}. When that class path has no SLF4J backend,
   * the broker's log is dropped without SLF4J's warning about it, so that the ready line is all
   * that is printed; add a backend (e.g. {@code org.slf4j:slf4j-simple}) to see it.
   *
   * <p>Exits with 2 and the usage for a bad argument, with 1 when the broker could not start
   * (e.g. the port is taken).
   */
  public static void main(String[] args) throws InterruptedException {
    int port;
    try {
      port = portArgument(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    if (port < 0) {
      System.out.println(USAGE);
      return;
    }
    dropLogsWithoutABackend();
    LocalKafka kafka;
    try {
      kafka = start(Map.of(), port);
    } catch (Exception e) {
      System.err.println("The Kafka broker could not start: " + causes(e));
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        kafka.close();
      } catch (Exception e) {
        System.err.println("Stopping the Kafka broker failed: " + e);
      }
    }, "local-kafka-shutdown"));
    System.out.println("Kafka broker ready at " + kafka.bootstrapServers()
        + " (Ctrl-C stops it and deletes its data)");
    new CountDownLatch(1).await(); // until the JVM exits; the hook above stops the broker
  }

  /**
   * The port {@code --port N} asks for, 0 without it, or -1 for {@code --help}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code args}
   */
  static int portArgument(String... args) {
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) return -1;
    if (args.length == 0) return 0;
    if (!args[0].equals("--port")) throw new IllegalArgumentException("Unknown argument: " + args[0]);
    if (args.length == 1) throw new IllegalArgumentException("--port needs a port number");
    if (args.length > 2) throw new IllegalArgumentException("Unknown argument: " + args[2]);
    int port;
    try {
      port = Integer.parseInt(args[1]);
    } catch (NumberFormatException e) {
      port = 0;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("--port takes a port number from 1 to 65535, not " + args[1]);
    }
    return port;
  }

  /** What went wrong, outermost first, down to e.g. "Socket server failed to bind ...: Address already in use". */
  private static String causes(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.toString());
    for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
      text.append("\n  caused by: ").append(cause);
    }
    return text.toString();
  }

  /**
   * With no SLF4J provider on the class path, SLF4J drops every log line anyway, after printing a
   * warning about it: the command names SLF4J's own no-operation provider instead, which drops
   * them silently. A JVM of the command's own, so its system properties are the command's to set.
   */
  private static void dropLogsWithoutABackend() {
    if (System.getProperty("slf4j.provider") != null) return;
    boolean anyProvider = ServiceLoader.load(SLF4JServiceProvider.class, LocalKafka.class.getClassLoader())
        .stream().findAny().isPresent();
    if (anyProvider) return;
    System.setProperty("slf4j.provider", NOP_FallbackServiceProvider.class.getName());
    // Else SLF4J notes on standard error that it loads the provider named by the property.
    System.setProperty("slf4j.internal.verbosity", "WARN");
  }
}
