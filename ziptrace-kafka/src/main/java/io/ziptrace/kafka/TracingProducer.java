package io.ziptrace.kafka;

import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.messaging.MessagingTracing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * A {@link Producer} that records a PRODUCER span for each record sent. Get one from {@link
 * KafkaTracing#producer(Producer)}.
 *
 * <p>The span, named {@code send} and tagged {@code kafka.topic} (and {@code kafka.key} for a
 * non-empty String key), starts before the record is handed to the wrapped producer and finishes
 * when the broker acknowledges it, tagged with the error if the send failed; your callback runs
 * after that. Its context replaces any trace headers of the record as one {@code b3} header
 * (with {@code traceparent} and {@code tracestate} beside it when the trace has a tracestate),
 * and the remote baggage fields declared on the tracer that the context carries replace any
 * baggage headers (the W3C {@code baggage} header and the fields' own), so a baggage key that is
 * not declared is not sent on; other headers are kept. A record whose headers are read-only (Kafka makes them so once the
 * record was sent) is sent as a copy with its own headers, so a record sent again carries the new
 * span's context, never the previous one's.
 *
 * <p>Pass the parent explicitly with {@link #send(TraceContext, ProducerRecord, Callback)}; the
 * {@link Producer} methods continue the context already in the record's headers, if any, else
 * start a new trace. Every other method is delegated unchanged. Thread-safe if the wrapped
 * producer is.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TracingProducer<K, V> implements Producer<K, V> {
  private final Producer<K, V> delegate;
  private final MessagingTracing messaging;
  private final KafkaHeaders headers;

  TracingProducer(Producer<K, V> delegate, MessagingTracing messaging, KafkaHeaders headers) {
    this.delegate = Objects.requireNonNull(delegate, "producer");
    this.messaging = messaging;
    this.headers = headers;
  }

  /**
   * Sends {@code record} in a PRODUCER span that is a child of {@code parent}; see {@link
   * #send(TraceContext, ProducerRecord, Callback)}.
   */
  public Future<RecordMetadata> send(TraceContext parent, ProducerRecord<K, V> record) {
    return send(parent, record, null);
  }

  /**
   * Sends {@code record} in a PRODUCER span that is a child of {@code parent}, or, when {@code
   * parent} is null, of the context in the record's headers, or else the root of a new trace.
   * Exceptions are the wrapped producer's: one thrown by its {@code send} finishes the span with
   * the error and is rethrown; tracing itself never throws.
   *
   * @param callback called after the span finished, as {@link Producer#send(ProducerRecord,
   *     Callback)} would; may be null
   */
  public Future<RecordMetadata> send(TraceContext parent, ProducerRecord<K, V> record, Callback callback) {
    if (record == null) return delegate.send(null, callback); // the wrapped producer reports that mistake
    Span span = startSend(parent, record);
    if (span == null) return delegate.send(record, callback);
    TracingCallback traced = new TracingCallback(span, callback);
    try {
      return delegate.send(withContext(record, span), traced);
    } catch (RuntimeException | Error e) {
      traced.finish(e);
      throw e;
    }
  }

  /** Sends in a span continuing the context in the record's headers, if any, else a new trace. */
  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record) {
    return send(null, record, null);
  }

  /** Sends in a span continuing the context in the record's headers, if any, else a new trace. */
  @Override
  public Future<RecordMetadata> send(ProducerRecord<K, V> record, Callback callback) {
    return send(null, record, callback);
  }

  /** The started PRODUCER span, or null when tracing failed. */
  private Span startSend(TraceContext parent, ProducerRecord<K, V> record) {
    try {
      IncomingContext fromHeaders = parent != null ? IncomingContext.EMPTY : headers.extract(record.headers());
      return messaging.producer(parent, fromHeaders, KafkaMessage.send(record.topic(), record.key()));
    } catch (RuntimeException e) {
      KafkaLog.tracingFailed("start a send span", e);
      return null;
    }
  }

  /**
   * The record with {@code span}'s context as its trace header. Its headers are changed in place;
   * when they are read-only (Kafka makes them so once a record was sent, and a retry loop may send
   * it again), a copy with its own headers is sent instead, so the record never carries the
   * context of an earlier send.
   */
  private ProducerRecord<K, V> withContext(ProducerRecord<K, V> record, Span span) {
    try {
      if (headers.injectForSend(record.headers(), span.context())) return record;
      RecordHeaders copy = new RecordHeaders(record.headers().toArray());
      headers.injectForSend(copy, span.context());
      return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(), copy);
    } catch (RuntimeException e) {
      KafkaLog.tracingFailed("add the trace header to a record", e);
      return record;
    }
  }

  /** Delegates. */
  @Override
  public void initTransactions() {
    delegate.initTransactions();
  }

  /** Delegates. */
  @Override
  public void beginTransaction() {
    delegate.beginTransaction();
  }

  /** Delegates. */
  @Override
  public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
    delegate.sendOffsetsToTransaction(offsets, groupMetadata);
  }

  /** Delegates. */
  @Override
  public void commitTransaction() {
    delegate.commitTransaction();
  }

  /** Delegates. */
  @Override
  public void abortTransaction() {
    delegate.abortTransaction();
  }

  /** Delegates. */
  @Override
  public void registerMetricForSubscription(KafkaMetric metric) {
    delegate.registerMetricForSubscription(metric);
  }

  /** Delegates. */
  @Override
  public void unregisterMetricFromSubscription(KafkaMetric metric) {
    delegate.unregisterMetricFromSubscription(metric);
  }

  /** Delegates. */
  @Override
  public void flush() {
    delegate.flush();
  }

  /** Delegates. */
  @Override
  public List<PartitionInfo> partitionsFor(String topic) {
    return delegate.partitionsFor(topic);
  }

  /** Delegates. */
  @Override
  public Map<MetricName, ? extends Metric> metrics() {
    return delegate.metrics();
  }

  /** Delegates. */
  @Override
  public Uuid clientInstanceId(Duration timeout) {
    return delegate.clientInstanceId(timeout);
  }

  /** Delegates. */
  @Override
  public void close() {
    delegate.close();
  }

  /** Delegates. */
  @Override
  public void close(Duration timeout) {
    delegate.close(timeout);
  }
}
