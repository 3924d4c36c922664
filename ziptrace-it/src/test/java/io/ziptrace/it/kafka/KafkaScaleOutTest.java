package io.ziptrace.it.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Endpoint;
import io.ziptrace.FinishedSpan;
import io.ziptrace.Tracer;
import io.ziptrace.it.Accounting;
import io.ziptrace.it.Figures;
import io.ziptrace.it.ZipkinServer;
import io.ziptrace.kafka.testing.LocalKafka;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.kafka.KafkaSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

/**
 * Zipkin scales out behind Kafka: two servers whose collectors share one consumer group split
 * the topic's partitions, and when one stops the other takes its partitions over, so that every
 * span is stored once by one of them.
 *
 * <p>Zipkin's collector (zipkin-collector-kafka 3.4.2, kafka-clients 3.8.0) commits offsets with
 * the consumer's auto commit, every 5 s. On a graceful stop (SIGTERM) Spring closes the
 * KafkaCollector: each worker leaves its poll loop within 1 s and closes its consumer, which
 * commits the position it reached, so the survivor resumes exactly there. A killed server
 * (SIGKILL) does neither: measured once, the survivor took its partitions only after the session
 * timeout (44 s) and read again all 2,012 spans the killed one had read, none of them committed.
 */
class KafkaScaleOutTest {
  static final List<String> SERVICES = List.of("frontend", "orders", "inventory");

  @Test
  void twoCollectorsSharePartitions_survivorTakesOver_everySpanStoredOnce() throws Exception {
    try (LocalKafka kafka = LocalKafka.start()) {
      kafka.createTopic(KafkaSender.DEFAULT_TOPIC, 4);
      List<AsyncReporter> reporters = new ArrayList<>();
      List<RecordingReporter> recordings = new ArrayList<>();
      List<Tracer> tracers = new ArrayList<>();
      for (String service : SERVICES) {
        AsyncReporter reporter = AsyncReporter.builder(KafkaSender.create(kafka.bootstrapServers()))
            .sendInterval(Duration.ofMillis(50)).closeTimeout(Duration.ofSeconds(30)).build();
        RecordingReporter recording = new RecordingReporter(reporter);
        reporters.add(reporter);
        recordings.add(recording);
        tracers.add(Tracer.builder().localEndpoint(Endpoint.builder(service).ipv4("127.0.0.1").build()).reporter(recording).build());
      }

      try (KafkaZipkins zipkins = KafkaZipkins.start(kafka.bootstrapServers(), 2, Map.of()); Admin admin = kafka.admin()) {
        ZipkinServer first = zipkins.get(0);
        ZipkinServer survivor = zipkins.get(1);
        assertThat(KafkaZipkins.awaitAssignment(admin, 2)).containsExactlyInAnyOrder(2, 2);

        // Phase 1: both collectors read. The load then pauses (the reporters stay open) until
        // every span sent is read, so that the first server's counter and storage are final when
        // read: read while spans still flow, it could read more between the reading and its stop.
        SpanLoad phase1 = new SpanLoad(tracers, 6, 100, Long.MAX_VALUE).start(2); // 1,200 spans/s
        ZipkinServer.await(() -> List.of(first.spansCollectedFromKafka(), survivor.spansCollectedFromKafka()),
            counts -> counts.get(0) >= 1_000 && counts.get(1) >= 1_000, "both collectors reading spans");
        phase1.stop();
        recordings.forEach(RecordingReporter::flush);
        long sentBeforeStop = sent(reporters);
        assertThat(sentBeforeStop).isEqualTo(phase1.spans());
        ZipkinServer.await(() -> first.spansCollectedFromKafka() + survivor.spansCollectedFromKafka(),
            n -> n >= sentBeforeStop, sentBeforeStop + " spans read by the two collectors");
        long readByFirst = first.spansCollectedFromKafka();
        long readBySurvivorBeforeStop = survivor.spansCollectedFromKafka();
        assertThat(readByFirst + readBySurvivorBeforeStop).isEqualTo(sentBeforeStop);
        // the first server's storage goes with it: keep what it stored
        Set<String> traceIdsBeforeStop = StoredSpans.traceIds(reported(recordings));
        Set<String> storedByFirst = StoredSpans.stored(first, traceIdsBeforeStop).keySet();
        assertThat(storedByFirst).as("spans the first server stored, once each").hasSize((int) readByFirst);

        // Phase 2: the first server stops gracefully while the load resumes; the survivor takes
        // over all the partitions and reads from the offsets the first one committed.
        long stopping = System.nanoTime();
        first.close();
        SpanLoad phase2 = new SpanLoad(tracers, 6, 100, Long.MAX_VALUE).start(2);
        assertThat(KafkaZipkins.awaitAssignment(admin, 1)).containsExactly(4);
        double takeover = (System.nanoTime() - stopping) / 1e9;
        ZipkinServer.await(survivor::spansCollectedFromKafka, n -> n >= readBySurvivorBeforeStop + 5_000,
            "the survivor reading the whole topic");
        phase2.stop();
        tracers.forEach(Tracer::close);
        long sent = sent(reporters);
        ZipkinServer.await(survivor::spansCollectedFromKafka, n -> readByFirst + n >= sent, sent + " spans read in all");
        long readBySurvivor = survivor.spansCollectedFromKafka();

        Figures.print("kafka scale-out", "before the stop: %d spans read by the first collector, %d by the other "
            + "(2 partitions each); stop and takeover of 4 partitions %.1f s; %d spans sent in all, %d read in all",
            readByFirst, readBySurvivorBeforeStop, takeover, sent, readByFirst + readBySurvivor);
        assertThat(phase1.escaped()).isEmpty();
        assertThat(phase2.escaped()).isEmpty();
        for (AsyncReporter reporter : reporters) {
          Accounting.assertAccounted(reporter.metrics());
          assertThat(reporter.metrics().spansDropped()).isZero();
        }
        assertThat(sent).isEqualTo(phase1.spans() + phase2.spans());
        assertThat(readByFirst + readBySurvivor).as("spans read by both collectors: each sent span once").isEqualTo(sent);

        List<FinishedSpan> reported = reported(recordings);
        Set<String> storedBySurvivor = StoredSpans.stored(survivor, StoredSpans.traceIds(reported)).keySet();
        Set<String> storedTwice = new HashSet<>(storedByFirst);
        storedTwice.retainAll(storedBySurvivor);
        assertThat(storedTwice).as("spans stored by both servers").isEmpty();
        Set<String> missing = StoredSpans.keys(reported);
        missing.removeAll(storedByFirst);
        missing.removeAll(storedBySurvivor);
        assertThat(missing).as("reported spans neither server stored").isEmpty();
        assertThat(storedByFirst.size() + storedBySurvivor.size()).isEqualTo(reported.size());
      } finally {
        tracers.forEach(Tracer::close);
      }
    }
  }

  private static long sent(List<AsyncReporter> reporters) {
    return reporters.stream().mapToLong(r -> r.metrics().spansSent()).sum();
  }

  private static List<FinishedSpan> reported(List<RecordingReporter> recordings) {
    List<FinishedSpan> spans = new ArrayList<>();
    recordings.forEach(r -> spans.addAll(r.spans()));
    return spans;
  }
}
