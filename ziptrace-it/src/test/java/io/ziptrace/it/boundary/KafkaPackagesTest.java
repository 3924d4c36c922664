package io.ziptrace.it.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.Tracer;
import io.ziptrace.kafka.KafkaTracing;
import io.ziptrace.reporting.kafka.KafkaSender;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * ziptrace-kafka's two packages, as {@code jdeps} sees the compiled module: the kafka-clients
 * tracing ({@code io.ziptrace.kafka}) and the Kafka sender ({@code io.ziptrace.reporting.kafka})
 * share a module but use nothing of each other, so either can be read, or moved, alone.
 */
class KafkaPackagesTest {
  static final String TRACING = KafkaTracing.class.getPackageName();
  static final String SENDER = KafkaSender.class.getPackageName();

  @Test
  void theTracingAndTheSenderDoNotUseEachOther() {
    Map<String, Set<String>> edges = PackageGraph.ofModule(PublishedModule.of(KafkaTracing.class), "io.ziptrace",
        PublishedModule.of(Tracer.class), PublishedModule.of(KafkaProducer.class)).edges();

    // Proves the output was parsed: each package uses core.
    assertThat(edges.get(TRACING)).contains("io.ziptrace.messaging");
    assertThat(edges.get(SENDER)).contains("io.ziptrace.reporting");

    assertThat(edges.get(TRACING)).as("what the tracing uses").doesNotContain(SENDER);
    assertThat(edges.get(SENDER)).as("what the sender uses").doesNotContain(TRACING);
  }
}
