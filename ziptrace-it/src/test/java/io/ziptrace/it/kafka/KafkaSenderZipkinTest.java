package io.ziptrace.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.encoding.Encoding;
import io.ziptrace.it.Accounting;
import io.ziptrace.it.Figures;
import io.ziptrace.it.LogCapture;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.ReporterMetrics;
import io.ziptrace.reporting.kafka.KafkaSender;
import io.ziptrace.reporting.kafka.KafkaSender.Failure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KafkaSender against a real broker and a real Zipkin reading it with its Kafka collector. The
 * broker does not create topics, so a missing topic stays missing; Zipkin reads both {@code
 * zipkin} and a topic whose records may not exceed 20,000 bytes.
 */
class KafkaSenderZipkinTest {
  static final String SMALL_TOPIC = "zipkin-small";
  static final int SMALL_TOPIC_MAX_BYTES = 20_000;

  static LocalKafka kafka;
  static ZipkinServer zipkin;

  @BeforeAll
  static void startKafkaAndZipkin() throws Exception {
    kafka = LocalKafka.start(Map.of("auto.create.topics.enable", "false"));
    kafka.createTopic(KafkaSender.DEFAULT_TOPIC, 2);
    kafka.createTopic(SMALL_TOPIC, 1, Map.of("max.message.bytes", Integer.toString(SMALL_TOPIC_MAX_BYTES)));
    zipkin = ZipkinServer.onFreePort(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "KAFKA_TOPIC", KafkaSender.DEFAULT_TOPIC + "," + SMALL_TOPIC));
    zipkin.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (zipkin != null) zipkin.close();
    if (kafka != null) kafka.close();
  }

  static Tracer tracer(String service, RecordingReporter reporter) {
    return Tracer.builder().localEndpoint(Endpoint.builder(service).ipv4("127.0.0.1").build()).reporter(reporter).build();
  }

  /** Waits until Zipkin counted {@code expected} more spans than {@code before}, and checks it counted no more. */
  static void assertCollectedExactly(long before, long expected) {
    long collected = ZipkinServer.await(zipkin::spansCollectedFromKafka, n -> n - before >= expected,
        expected + " spans read from Kafka") - before;
    assertThat(collected).as("spans Zipkin read from Kafka").isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Encoding.class)
  void spansArriveWhole(Encoding encoding) throws Exception {
    long before = zipkin.spansCollectedFromKafka();
    AsyncReporter reporter = AsyncReporter.builder(KafkaSender.builder(kafka.bootstrapServers()).encoding(encoding).build())
        .sendInterval(Duration.ofMillis(50)).build();
    RecordingReporter recording = new RecordingReporter(reporter);
    try (Tracer tracer = tracer("kafka-" + encoding.name().toLowerCase(), recording)) {
      for (int t = 0; t < 20; t++) {
        Span root = tracer.newTrace().name("GET /orders").kind(Kind.SERVER).start().tag("encoding", encoding.name());
        for (int c = 0; c < 4; c++) {
          root.newChild("query " + c).kind(Kind.CLIENT).start().tag("sql.query", "select ünïcødé " + c).finish();
        }
        root.finish();
      }
    }

    assertThat(reporter.metrics().spansSent()).isEqualTo(100);
    assertCollectedExactly(before, 100);
    StoredSpans.assertStoredWhole(zipkin, recording.spans());
  }

  @Test
  void hundredThousandSpans_allAcceptedOnce() throws Exception {
    long before = zipkin.spansCollectedFromKafka();
    // the queue holds every span, so however fast the threads report, none is dropped as QUEUE_FULL
    AsyncReporter reporter = AsyncReporter.builder(KafkaSender.create(kafka.bootstrapServers()))
        .queuedMaxSpans(100_000).queuedMaxBytes(256L << 20).sendInterval(Duration.ofMillis(50))
        .closeTimeout(Duration.ofSeconds(30)).build();
    RecordingReporter recording = new RecordingReporter(reporter);
    Tracer tracer = tracer("kafka-volume", recording);
    long start = System.nanoTime();
    SpanLoad load = new SpanLoad(List.of(tracer), 200, 0, 125).start(4); // 4 x 125 traces of 200 spans
    load.await();
    long reported = System.nanoTime();
    tracer.close();
    long collected = ZipkinServer.await(zipkin::spansCollectedFromKafka, n -> n - before >= 100_000,
        "100,000 spans read from Kafka") - before;
    double seconds = (System.nanoTime() - start) / 1e9;

    ReporterMetrics m = reporter.metrics();
    Figures.print("kafka 100k spans", "reported in %.2f s, all in Zipkin after %.2f s (%.0f spans/s end to end), "
        + "%d messages, %d send errors", (reported - start) / 1e9, seconds, 100_000 / seconds, m.messagesSent(), m.sendErrors());
    assertThat(load.escaped()).isEmpty();
    assertThat(m.spansReported()).isEqualTo(100_000);
    assertThat(m.spansDropped()).isZero();
    assertThat(m.spansSent()).isEqualTo(100_000);
    assertThat(collected).isEqualTo(100_000);
    List<FinishedSpan> spans = recording.spans();
    assertThat(StoredSpans.traceIds(spans)).hasSize(500);
    StoredSpans.assertStoredWhole(zipkin, spans);
  }

  @Test
  void brokerStoppedAndRestarted_everySpanAccounted() throws Exception {
    long before = zipkin.spansCollectedFromKafka();
    // sendTimeout 2 s bounds each attempt; the default 10 attempts with their backoff (50 ms
    // doubling to 5 s) ride out about 35 s of outage, far more than a broker restart takes
    KafkaSender sender = KafkaSender.builder(kafka.bootstrapServers()).sendTimeout(Duration.ofSeconds(2)).build();
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofMillis(50))
        .closeTimeout(Duration.ofSeconds(30)).build();
    RecordingReporter recording = new RecordingReporter(reporter);
    Tracer tracer = tracer("kafka-outage", recording);
    SpanLoad load = new SpanLoad(List.of(tracer), 5, 200, Long.MAX_VALUE).start(2); // 2,000 spans/s
    try {
      ZipkinServer.await(() -> reporter.metrics().spansSent(), n -> n >= 2_000, "spans sent before the outage");
      long stopped = System.nanoTime();
      kafka.stopBroker();
      ZipkinServer.await(() -> sender.failures(Failure.BROKER_UNAVAILABLE), n -> n >= 1, "a send failing while the broker is down");
      kafka.startBroker();
      double outage = (System.nanoTime() - stopped) / 1e9;
      long sentAtRestart = reporter.metrics().spansSent();
      ZipkinServer.await(() -> reporter.metrics().spansSent(), n -> n >= sentAtRestart + 4_000, "spans sent after the restart");
      Figures.print("kafka broker restart", "outage %.1f s at 2,000 spans/s", outage);
    } finally {
      load.stop();
      tracer.close();
    }

    ReporterMetrics m = reporter.metrics();
    Figures.print("kafka broker restart", "sender failures %s; %s", sender.failures(), m);
    assertThat(load.escaped()).isEmpty();
    assertThat(m.spansReported()).isEqualTo(load.spans()).isEqualTo(recording.spans().size());
    Accounting.assertAccounted(m);
    assertThat(m.queuedSpans()).isZero();
    assertThat(sender.failures(Failure.BROKER_UNAVAILABLE)).isPositive();
    assertThat(m.spansDropped()).as("dropped spans: %s", m).isZero();
    assertCollectedExactly(before, m.spansSent());
  }

  @Test
  void topicMissing_isCountedRetriedThenDropped_andSaysSo() throws Exception {
    KafkaSender sender = KafkaSender.builder(kafka.bootstrapServers()).topic("no-such-topic")
        .sendTimeout(Duration.ofSeconds(1)).build();
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofMillis(10)).retryTimeout(Duration.ofMillis(10))
        .closeTimeout(Duration.ofSeconds(10)).build();
    try (LogCapture log = new LogCapture(AsyncReporter.class.getName());
        Tracer tracer = tracer("kafka-missing-topic", new RecordingReporter(reporter))) {
      for (int i = 0; i < 10; i++) tracer.newTrace().name("lost " + i).start().finish();
      ZipkinServer.await(() -> reporter.metrics().spansDropped(DropReason.SEND_FAILED), n -> n == 10, "10 spans given up");
      tracer.close();

      assertThat(sender.failures(Failure.TOPIC_MISSING)).isEqualTo(2); // both attempts
      assertThat(sender.failures(Failure.BROKER_UNAVAILABLE)).isZero();
      assertThat(log.messages()).anySatisfy(line -> assertThat(line)
          .contains("gave up sending 10 spans to Kafka topic no-such-topic at " + kafka.bootstrapServers())
          .contains("topic no-such-topic does not exist and the broker does not create topics"));
    }
    assertThat(reporter.metrics().spansSent()).isZero();
    Accounting.assertAccounted(reporter.metrics());
    assertThat(kafka.topics()).doesNotContain("no-such-topic");
  }

  @Test
  void recordTooLargeForTheTopic_splitsBatches_andDropsOnlyTheSpanThatCannotFit() throws Exception {
    long before = zipkin.spansCollectedFromKafka();
    KafkaSender sender = KafkaSender.builder(kafka.bootstrapServers()).topic(SMALL_TOPIC).messageMaxBytes(100_000).build();
    AsyncReporter reporter = AsyncReporter.builder(sender).sendInterval(Duration.ofHours(1)).build();
    RecordingReporter recording = new RecordingReporter(reporter);
    String tooLargeId;
    try (Tracer tracer = tracer("kafka-large", recording)) {
      Span root = tracer.newTrace().name("upload").kind(Kind.SERVER).start();
      for (int i = 0; i < 199; i++) root.newChild("part " + i).start().tag("payload", "x".repeat(500)).finish();
      Span tooLarge = root.newChild("whole file").start(); // 30,000 bytes of tags (a value is cut at 16,384 chars)
      for (int i = 0; i < 10; i++) tooLarge.tag("payload." + i, "y".repeat(3_000));
      tooLargeId = tooLarge.context().spanIdString();
      tooLarge.finish();
      root.finish();
      reporter.flush();
    }

    ReporterMetrics m = reporter.metrics();
    Figures.print("kafka record too large", "topic limit %d bytes, messageMaxBytes 100,000: %d RECORD_TOO_LARGE failures, %s",
        SMALL_TOPIC_MAX_BYTES, sender.failures(Failure.RECORD_TOO_LARGE), m);
    assertThat(m.spansSent()).isEqualTo(200);
    assertThat(m.spansDropped(DropReason.TOO_LARGE)).isEqualTo(1);
    assertThat(m.spansDropped()).isEqualTo(1);
    assertThat(sender.failures(Failure.RECORD_TOO_LARGE)).isGreaterThan(1); // the batches, then the span alone
    Accounting.assertAccounted(m);
    assertCollectedExactly(before, 200);
    List<FinishedSpan> delivered = recording.spans().stream()
        .filter(s -> !s.context().spanIdString().equals(tooLargeId)).collect(Collectors.toList());
    StoredSpans.assertStoredWhole(zipkin, delivered);
  }

  @Test
  void close_deliversWhatIsQueued() throws Exception {
    long before = zipkin.spansCollectedFromKafka();
    AsyncReporter reporter = AsyncReporter.builder(KafkaSender.builder(kafka.bootstrapServers()).encoding(Encoding.PROTO3).build())
        .sendInterval(Duration.ofHours(1)).build(); // only close() sends
    RecordingReporter recording = new RecordingReporter(reporter);
    try (Tracer tracer = tracer("kafka-closing", recording)) {
      new SpanLoad(List.of(tracer), 50, 0, 20).start(1).await();
    }

    assertThat(reporter.metrics().spansSent()).isEqualTo(1_000);
    assertCollectedExactly(before, 1_000);
    StoredSpans.assertStoredWhole(zipkin, recording.spans());
  }
}
