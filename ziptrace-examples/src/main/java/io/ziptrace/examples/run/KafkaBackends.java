package io.ziptrace.examples.run;

import io.ziptrace.examples.kafka.KafkaDemo;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.reporting.kafka.KafkaSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the Kafka example runs besides its services: an in-process broker ({@link LocalKafka}) and
 * a Zipkin server started here whose Kafka collector reads that broker.
 *
 * <p>A Zipkin already running cannot read a broker started after it, so one is never reused: when
 * something answers at the usual URL (say, a Zipkin left running by another example), another
 * Zipkin starts on a free loopback port, and the example's lines name that one. That way the
 * example works whatever already runs, and nothing running is stopped.
 */
final class KafkaBackends implements AutoCloseable {
  /** Partitions of the {@code zipkin} topic; any number works with one collector. */
  private static final int SPAN_TOPIC_PARTITIONS = 1;

  final LocalKafka kafka;
  final ZipkinProcess zipkin;

  private KafkaBackends(LocalKafka kafka, ZipkinProcess zipkin) {
    this.kafka = kafka;
    this.zipkin = zipkin;
  }

  /**
   * Starts the broker with the example's topics, then Zipkin reading from it at {@code
   * preferredZipkin}, or on a free port when something answers there already.
   */
  static KafkaBackends start(URI preferredZipkin, Path serverJar, Duration zipkinTimeout) throws Exception {
    System.out.println("Starting Kafka (in this process) ...");
    LocalKafka kafka = LocalKafka.start();
    try {
      kafka.createTopic(KafkaSender.DEFAULT_TOPIC, SPAN_TOPIC_PARTITIONS);
      kafka.createTopic(KafkaDemo.ORDERS_TOPIC, 1);
      URI zipkinUrl = preferredZipkin;
      Path log = Path.of("target", "zipkin-server.log");
      Optional<String> free = ZipkinProcess.whyNothingAnswers(preferredZipkin);
      if (free.isEmpty()) {
        zipkinUrl = URI.create("http://127.0.0.1:" + freeLoopbackPort());
        log = Path.of("target", "zipkin-server-" + zipkinUrl.getPort() + ".log");
        System.out.println("Something already answers at " + preferredZipkin + ", and a Zipkin there does not read"
            + " this example's Kafka broker: starting another Zipkin at " + zipkinUrl + " ...");
      } else {
        System.out.println("Starting Zipkin at " + zipkinUrl + ", reading spans from Kafka ...");
      }
      ZipkinProcess zipkin = ZipkinProcess.startOrReuse(zipkinUrl, serverJar, log, zipkinTimeout,
          Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()));
      return new KafkaBackends(kafka, zipkin);
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
  }

  /** Stops Zipkin, then the broker. */
  @Override
  public void close() {
    try {
      zipkin.close();
    } finally {
      try {
        kafka.close();
      } catch (Exception e) {
        System.err.println("Stopping Kafka failed: " + e);
      }
    }
  }

  private static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
