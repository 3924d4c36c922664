package io.ziptrace.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.kafka.client.common.KafkaClientOptions;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The cost of tracing Vert.x's Kafka client: the same producer and consumer on the three Vert.x
 * instances of {@link TracedVertxTrio} (untraced, ziptrace, vertx-zipkin), with the tracing policy
 * {@code ALWAYS} so that every record sent starts a trace and every record received is traced,
 * against one broker in a JVM of its own ({@link KafkaBrokerProcess}, so that this process's CPU
 * time is its clients'), a topic per instance. In each phase {@value
 * #IN_FLIGHT} chains send a record, wait for the broker's acknowledgement and send the next; the
 * consumer reads them as they come. Phases alternate as in {@link VertxOverhead}, each round
 * starting one instance later. Per phase: records acknowledged per second, the acknowledgement's
 * and the end-to-end (sent to handled by the consumer) latency, and the process's CPU time per
 * record (only one instance works at a time). Prints each instance's medians, then each tracer's
 * added CPU per record and added end-to-end p50 and p99 as the medians of each round's differences
 * to the untraced phase, and ziptrace's added figures as a share of vertx-zipkin's.
 *
 * <p>Usage: {@code VertxKafkaOverhead [rounds]} (default 5, after one warm-up round).
 */
public final class VertxKafkaOverhead {
  private static final long PHASE_NANOS = 5_000_000_000L;
  private static final int IN_FLIGHT = 8;
  private static final String PADDING = "x".repeat(100);
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private VertxKafkaOverhead() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String[] names = TracedVertxTrio.NAMES;
    try (KafkaBrokerProcess kafka = KafkaBrokerProcess.start(); TracedVertxTrio trio = new TracedVertxTrio()) {
      Client[] clients = new Client[names.length];
      for (int i = 0; i < clients.length; i++) {
        kafka.createTopic("overhead-" + i);
        clients[i] = new Client(trio.vertx(i), kafka.bootstrapServers(), "overhead-" + i);
      }
      for (Client client : clients) client.phase(); // warm up
      Phase[][] phases = new Phase[names.length][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < names.length; i++) {
          int index = (round + i) % names.length;
          phases[index][round] = clients[index].phase();
        }
      }
      print(names, phases);
      System.out.println("ziptrace spans reported: " + trio.ziptraceReporter().metrics().spansReported() + ", dropped: "
          + trio.ziptraceReporter().metrics().spansDropped());
      for (Client client : clients) client.close();
    }
  }

  private static void print(String[] names, Phase[][] phases) {
    int rounds = phases[0].length;
    System.out.println("Each figure is the median of " + rounds + " phases of 5 s, " + IN_FLIGHT + " records in flight.");
    System.out.println("| client | records/s | ack p50 µs | ack p99 µs | end to end p50 µs | end to end p99 µs | CPU µs per record |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (int i = 0; i < names.length; i++) {
      System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f |%n", names[i],
          median(phases[i], Phase::perSecond), median(phases[i], p -> p.ack().percentile(50)),
          median(phases[i], p -> p.ack().percentile(99)), median(phases[i], p -> p.endToEnd().percentile(50)),
          median(phases[i], p -> p.endToEnd().percentile(99)), median(phases[i], Phase::cpuMicrosPerRecord));
    }
    System.out.println();
    double[][] added = new double[names.length][];
    for (int i = 1; i < names.length; i++) {
      double[] cpu = new double[rounds];
      double[] p50 = new double[rounds];
      double[] p99 = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        Phase traced = phases[i][round];
        Phase untraced = phases[0][round];
        cpu[round] = traced.cpuMicrosPerRecord() - untraced.cpuMicrosPerRecord();
        p50[round] = traced.endToEnd().percentile(50) - untraced.endToEnd().percentile(50);
        p99[round] = traced.endToEnd().percentile(99) - untraced.endToEnd().percentile(99);
      }
      added[i] = new double[] {Medians.of(cpu), Medians.of(p50), Medians.of(p99)};
      System.out.printf(Locale.ROOT, "%s: added CPU %+.1f µs per record (by round: %s), end-to-end p50 %+.0f µs (%s),"
              + " p99 %+.0f µs (%s)%n", names[i], added[i][0], Medians.list(cpu, 1, "%+.1f"), added[i][1],
          Medians.list(p50, 1, "%+.0f"), added[i][2], Medians.list(p99, 1, "%+.0f"));
    }
    System.out.printf(Locale.ROOT, "ziptrace's added as a share of vertx-zipkin's: CPU per record %.2f, end-to-end p50 %.2f,"
        + " p99 %.2f%n", added[1][0] / added[2][0], added[1][1] / added[2][1], added[1][2] / added[2][2]);
  }

  private static double median(Phase[] phases, ToDoubleFunction<Phase> figure) {
    return Medians.of(Arrays.stream(phases).mapToDouble(figure).toArray());
  }

  /** One phase's figures. */
  private record Phase(long records, long nanos, long cpuNanos, Latencies ack, Latencies endToEnd) {
    double perSecond() {
      return records / (nanos / 1e9);
    }

    double cpuMicrosPerRecord() {
      return cpuNanos / 1e3 / Math.max(1, records);
    }
  }

  /** Latencies in nanoseconds, kept as they come from any thread. */
  private static final class Latencies {
    private final long[] values = new long[1 << 22];
    private final AtomicInteger count = new AtomicInteger();

    void add(long nanos) {
      int at = count.getAndIncrement();
      if (at < values.length) values[at] = nanos;
    }

    /** Microseconds; call once the phase is over. */
    double percentile(int p) {
      int n = Math.min(count.get(), values.length);
      if (n == 0) return Double.NaN;
      long[] sorted = Arrays.copyOf(values, n);
      Arrays.sort(sorted);
      return sorted[(int) Math.min(n - 1, n * (long) p / 100)] / 1e3;
    }
  }

  /** A producer and a consumer of one topic on one Vert.x instance. */
  private static final class Client {
    private final Vertx vertx;
    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final AtomicLong consumed = new AtomicLong();
    private volatile Latencies endToEnd = new Latencies();

    Client(Vertx vertx, String bootstrap, String topic) throws Exception {
      this.vertx = vertx;
      this.topic = topic;
      Map<String, Object> producerConfig = Map.of("bootstrap.servers", bootstrap, "acks", "1", "linger.ms", "0",
          "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
          "value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
      producer = KafkaProducer.createShared(vertx, topic, new KafkaClientOptions().setConfig(producerConfig)
          .setTracingPolicy(TracingPolicy.ALWAYS));
      Map<String, Object> consumerConfig = Map.of("bootstrap.servers", bootstrap, "group.id", topic,
          "auto.offset.reset", "earliest", "fetch.max.wait.ms", "10",
          "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
          "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
      consumer = KafkaConsumer.create(vertx, new KafkaClientOptions().setConfig(consumerConfig)
          .setTracingPolicy(TracingPolicy.ALWAYS));
      consumer.handler(record -> {
        String value = record.value();
        endToEnd.add(System.nanoTime() - Long.parseLong(value.substring(0, value.indexOf(' '))));
        consumed.incrementAndGet();
      });
      consumer.subscribe(topic).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Sends for one phase from {@value #IN_FLIGHT} chains, then waits until the consumer read every record. */
    Phase phase() throws Exception {
      Latencies ack = new Latencies();
      endToEnd = new Latencies();
      AtomicLong sent = new AtomicLong();
      long consumedBefore = consumed.get();
      long cpuBefore = OS.getProcessCpuTime();
      long start = System.nanoTime();
      long deadline = start + PHASE_NANOS;
      CountDownLatch chainsDone = new CountDownLatch(IN_FLIGHT);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      for (int chain = 0; chain < IN_FLIGHT; chain++) {
        vertx.runOnContext(ignored -> sendNext(deadline, ack, sent, chainsDone, failure));
      }
      if (!chainsDone.await(PHASE_NANOS + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("sends to " + topic + " did not complete");
      }
      if (failure.get() != null) throw new IllegalStateException("a send to " + topic + " failed", failure.get());
      long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (consumed.get() - consumedBefore < sent.get()) {
        if (System.nanoTime() - drainDeadline > 0) throw new IllegalStateException("the consumer fell behind on " + topic);
        TimeUnit.MILLISECONDS.sleep(1);
      }
      long nanos = System.nanoTime() - start;
      return new Phase(sent.get(), nanos, OS.getProcessCpuTime() - cpuBefore, ack, endToEnd);
    }

    /** Sends one record, and from its acknowledgement the next, until the deadline or a failure ends the chain. */
    private void sendNext(long deadline, Latencies ack, AtomicLong sent, CountDownLatch chainsDone,
        AtomicReference<Throwable> failure) {
      long sentAt = System.nanoTime();
      if (sentAt - deadline >= 0) {
        chainsDone.countDown();
        return;
      }
      Future<?> acknowledged = producer.send(KafkaProducerRecord.create(topic, "key", sentAt + " " + PADDING));
      acknowledged.onComplete(result -> {
        if (result.failed()) {
          failure.compareAndSet(null, result.cause());
          chainsDone.countDown();
          return;
        }
        ack.add(System.nanoTime() - sentAt);
        sent.incrementAndGet();
        sendNext(deadline, ack, sent, chainsDone, failure);
      });
    }

    void close() throws Exception {
      consumer.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      producer.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
