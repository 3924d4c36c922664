package io.ziptrace.kafka;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.ziptrace.Endpoint;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.testing.InMemoryReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Test records and header reading. */
final class Records {
  private Records() {}

  static Tracer tracer(InMemoryReporter spans) {
    return Tracer.builder().localEndpoint(Endpoint.of("app")).reporter(spans).build();
  }

  static ConsumerRecord<String, String> received(String topic, long offset, String key, Headers headers) {
    return new ConsumerRecord<>(topic, 0, offset, 0L, TimestampType.CREATE_TIME, 0, 0, key, "value", headers,
        Optional.empty());
  }

  static Headers headers(String... namesAndValues) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) headers.add(namesAndValues[i], namesAndValues[i + 1].getBytes(UTF_8));
    return headers;
  }

  /** Every header as "name=value", in order. */
  static List<String> list(Headers headers) {
    List<String> all = new ArrayList<>();
    for (Header header : headers) all.add(header.key() + "=" + new String(header.value(), UTF_8));
    return all;
  }

  /** The b3 value Brave's messaging instrumentation would write: no parent id. */
  static String b3(TraceContext context) {
    Boolean sampled = context.sampled();
    return context.traceIdString() + "-" + context.spanIdString() + (sampled == null ? "" : sampled ? "-1" : "-0");
  }

  static TraceContext context(long traceId, long spanId, Boolean sampled) {
    return TraceContext.builder().traceId(traceId).spanId(spanId).sampled(sampled).build();
  }
}
