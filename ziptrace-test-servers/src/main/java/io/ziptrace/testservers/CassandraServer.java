package io.ziptrace.testservers;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Apache Cassandra node in a child JVM, on free loopback ports, with its data in a
 * temporary directory that {@link #close()} deletes. Its class path is the file that the
 * ziptrace-cassandra-server module writes, named by the system property
 * {@code cassandra.classpath.file} (each module whose tests use this class sets it in its surefire
 * configuration).
 * Cassandra 5.0 runs on JDK 11 and 17 only, so the child runs on a JDK 17: this JVM's when it is
 * one, else the first found under {@code /usr/lib/jvm} (or {@code CASSANDRA_JAVA_HOME}).
 */
public final class CassandraServer implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  /** The datacenter SimpleSnitch puts the node in; clients name it as their local one. */
  private static final String DATACENTER = "datacenter1";

  private final int port;
  private final Path home;
  private final Process process;

  private CassandraServer(int port, Path home, Process process) {
    this.port = port;
    this.home = home;
    this.process = process;
  }

  /**
   * Starts a node and returns once it answers a query; fails, naming its log, if it exits first or
   * does not answer within 90 seconds.
   */
  public static CassandraServer start() throws IOException, InterruptedException {
    Path home = Files.createTempDirectory("ziptrace-cassandra-");
    int port = ChildServers.freePort();
    int storagePort = ChildServers.freePort();
    Files.writeString(home.resolve("cassandra.yaml"), config(home, port, storagePort));
    Files.writeString(home.resolve("logback.xml"), LOGBACK);
    Path log = ChildServers.log("cassandra", port);
    List<String> command = new ArrayList<>();
    command.add(java17().resolve("bin/java").toString());
    command.addAll(List.of("-Xms512m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djdk.attach.allowAttachSelf=true", "-Dcassandra-foreground=yes",
        "-Dcassandra.config=" + home.resolve("cassandra.yaml").toUri(),
        "-Dcassandra.storagedir=" + home,
        "-Dlogback.configurationFile=" + home.resolve("logback.xml"),
        "-Dcassandra.skip_wait_for_gossip_to_settle=0", "-Dcassandra.ring_delay_ms=0",
        "-Dcassandra.superuser_setup_delay_ms=0"));
    for (String module : EXPORTS) command.addAll(List.of("--add-exports", module + "=ALL-UNNAMED"));
    for (String module : OPENS) command.addAll(List.of("--add-opens", module + "=ALL-UNNAMED"));
    command.addAll(List.of("-cp", classPath(), "org.apache.cassandra.service.CassandraDaemon"));
    Process process = new ProcessBuilder(command).directory(home.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    CassandraServer server = new CassandraServer(port, home, process);
    if (!ChildServers.awaitReady(process, server::answers, START_TIMEOUT, Duration.ofMillis(100))) {
      server.close();
      throw new IllegalStateException("Cassandra did not start on port " + port + "; see " + log.toAbsolutePath());
    }
    return server;
  }

  /**
   * {@code builder} set for this node: its datacenter as the local one, a request timeout long
   * enough for schema changes and a first query on a node just started (the driver's default is 2
   * seconds), no schema or token metadata, which a session would otherwise read at every start,
   * and no quiet period at close (2 seconds by default).
   */
  public static CqlSessionBuilder patient(CqlSessionBuilder builder) {
    return builder.withLocalDatacenter(DATACENTER).withConfigLoader(DriverConfigLoader.programmaticBuilder()
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
        .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, false)
        .withBoolean(DefaultDriverOption.METADATA_TOKEN_MAP_ENABLED, false)
        .withInt(DefaultDriverOption.NETTY_IO_SHUTDOWN_QUIET_PERIOD, 0)
        .withInt(DefaultDriverOption.NETTY_ADMIN_SHUTDOWN_QUIET_PERIOD, 0)
        .build());
  }

  /**
   * Runs {@code statements} one after another in a session of its own, for a test to create its
   * keyspaces and tables before it runs what it traces.
   */
  public void execute(String... statements) {
    try (CqlSession session = patient(CqlSession.builder())
        .addContactPoint(new InetSocketAddress("127.0.0.1", port)).build()) {
      for (String statement : statements) session.execute(statement);
    }
  }

  /** The port of the native (CQL) transport, at 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Stops the node at once, as a crash would: clients lose their connections. Deletes its data. */
  @Override
  public void close() {
    try {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left behind
    }
  }

  /** Whether the node accepts connections and answers a query. */
  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    } catch (IOException notYet) {
      return false;
    }
    try (CqlSession session = CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", port))
        .withLocalDatacenter(DATACENTER).build()) {
      return session.execute("SELECT release_version FROM system.local").one() != null;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  /** One node owning the whole ring, no authentication, every directory under {@code home}. */
  private static String config(Path home, int port, int storagePort) {
    return String.join("\n",
        "cluster_name: ziptrace-test",
        "num_tokens: 1",
        "initial_token: 0",
        "partitioner: org.apache.cassandra.dht.Murmur3Partitioner",
        "endpoint_snitch: SimpleSnitch",
        "commitlog_sync: periodic",
        "commitlog_sync_period: 10000ms",
        "listen_address: 127.0.0.1",
        "rpc_address: 127.0.0.1",
        "storage_port: " + storagePort,
        "native_transport_port: " + port,
        "start_native_transport: true",
        "authenticator: AllowAllAuthenticator",
        "authorizer: AllowAllAuthorizer",
        "auto_snapshot: false",
        "data_file_directories: [" + home.resolve("data") + "]",
        "commitlog_directory: " + home.resolve("commitlog"),
        "saved_caches_directory: " + home.resolve("saved_caches"),
        "hints_directory: " + home.resolve("hints"),
        "cdc_raw_directory: " + home.resolve("cdc_raw"),
        "seed_provider:",
        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
        "    parameters:",
        "      - seeds: \"127.0.0.1:" + storagePort + "\"",
        "");
  }

  /** Warnings and errors only: Cassandra logs every step at DEBUG without a configuration. */
  private static final String LOGBACK = "<configuration><appender name=\"OUT\" class=\"ch.qos.logback.core.ConsoleAppender\">"
      + "<encoder><pattern>%d %-5level %logger{20} - %msg%n</pattern></encoder></appender>"
      + "<root level=\"WARN\"><appender-ref ref=\"OUT\"/></root></configuration>";

  /** What Cassandra 5.0 reaches into on JDK 17 (its {@code jvm17-server.options}). */
  private static final List<String> EXPORTS = List.of("java.base/jdk.internal.misc", "java.base/jdk.internal.ref",
      "java.base/sun.nio.ch", "java.management.rmi/com.sun.jmx.remote.internal.rmi", "java.rmi/sun.rmi.registry",
      "java.rmi/sun.rmi.server", "java.sql/java.sql", "java.base/java.lang.ref", "jdk.unsupported/sun.misc");
  private static final List<String> OPENS = List.of("java.base/java.lang.module", "java.base/jdk.internal.loader",
      "java.base/jdk.internal.ref", "java.base/jdk.internal.reflect", "java.base/jdk.internal.math",
      "java.base/jdk.internal.module", "java.base/jdk.internal.util.jar", "jdk.management/com.sun.management.internal",
      "java.base/sun.nio.ch", "java.base/java.io", "java.base/java.nio", "java.base/java.util.concurrent",
      "java.base/java.util", "java.base/java.util.concurrent.atomic", "java.base/java.lang", "java.base/java.math",
      "java.base/java.lang.reflect", "java.base/java.net");

  private static String classPath() throws IOException {
    String file = System.getProperty("cassandra.classpath.file");
    if (file == null || !Files.isRegularFile(Path.of(file))) {
      throw new AssertionError("no Cassandra class path file at " + file
          + "; build with the reactor (mvn -pl <module> -am ...), which writes it first");
    }
    return Files.readString(Path.of(file)).strip();
  }

  /** A JDK 17 home: this JVM's, CASSANDRA_JAVA_HOME, or one under /usr/lib/jvm. */
  private static Path java17() throws IOException {
    if (Runtime.version().feature() == 17) return Path.of(System.getProperty("java.home"));
    String override = System.getenv("CASSANDRA_JAVA_HOME");
    if (override != null) return Path.of(override);
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        return homes.sorted().filter(CassandraServer::isJdk17).findFirst().orElseThrow(CassandraServer::noJdk17);
      }
    }
    throw noJdk17();
  }

  private static boolean isJdk17(Path home) {
    try {
      return Files.isExecutable(home.resolve("bin/java"))
          && Files.readString(home.resolve("release")).contains("JAVA_VERSION=\"17");
    } catch (IOException notAJdk) {
      return false;
    }
  }

  private static AssertionError noJdk17() {
    return new AssertionError("Cassandra 5.0 needs a JDK 17 and none was found under /usr/lib/jvm; install "
        + "openjdk-17-jdk-headless or set CASSANDRA_JAVA_HOME to one");
  }
}
