package io.ziptrace.kafka;

import io.ziptrace.IncomingContext;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.messaging.MessageSampler;
import io.ziptrace.messaging.MessagingTracing;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;

/**
 * Traces kafka-clients: PRODUCER spans for records sent, CONSUMER spans for records polled, and
 * processing spans that continue them, with the trace carried in a single {@code b3} record
 * header that Brave-instrumented services read and write too. Zipkin draws
 * service → kafka → service from these spans' remote service name. The remote baggage fields
 * declared on the tracer travel in record headers too (the W3C {@code baggage} header and each
 * field's own), from the producer's context to the consumer's and the processing span's. So does
 * a W3C {@code tracestate} that came with the trace (from an OpenTelemetry client, say): a record
 * of such a trace also carries {@code traceparent} and {@code tracestate} headers naming the same
 * span as its {@code b3} header, which Brave consumers ignore; every other record carries {@code
 * b3} alone, as before. Thread-safe; build one per tracer.
 *
 * <pre>{@code
 * KafkaTracing kafkaTracing = KafkaTracing.create(tracer);
 * TracingProducer<String, String> producer = kafkaTracing.producer(new KafkaProducer<>(config));
 * producer.send(request.context(), new ProducerRecord<>("orders", orderId, json));
 *
 * Consumer<String, String> consumer = kafkaTracing.consumer(new KafkaConsumer<>(config));
 * for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
 *   try (Span span = kafkaTracing.nextSpan(record).name("process order").start()) {
 *     try {
 *       process(span.context(), record);
 *     } catch (RuntimeException e) {
 *       span.error(e); // try-with-resources alone records no exception
 *       throw e;
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Why wrappers rather than Kafka's {@code ProducerInterceptor}/{@code ConsumerInterceptor}:
 * ziptrace passes context explicitly and never keeps it in a thread-local, but an interceptor
 * cannot be told the caller's parent context: {@code ProducerInterceptor.onSend} sees only the
 * record and {@code onAcknowledgement} not even that, so the PRODUCER span could neither be a
 * child of the caller's span nor be found again when the broker acknowledges. {@link
 * TracingProducer#send(TraceContext, org.apache.kafka.clients.producer.ProducerRecord)} takes
 * the parent as an argument and wraps the callback to finish the span.
 */
public final class KafkaTracing {
  private final MessagingTracing messaging;
  private final KafkaHeaders headers;
  private final boolean singleRootSpanOnReceiveBatch;

  private KafkaTracing(Builder b) {
    this.messaging = b.messaging.build();
    this.headers = new KafkaHeaders(messaging.tracer().baggageFields());
    this.singleRootSpanOnReceiveBatch = b.singleRootSpanOnReceiveBatch;
  }

  /** Kafka tracing with the defaults: remote service {@code kafka}, the tracer's sampler. */
  public static KafkaTracing create(Tracer tracer) {
    return builder(tracer).build();
  }

  /** Configures Kafka tracing for {@code tracer}. */
  public static Builder builder(Tracer tracer) {
    return new Builder(tracer);
  }

  /** Wraps {@code producer} so that every send records a PRODUCER span. */
  public <K, V> TracingProducer<K, V> producer(Producer<K, V> producer) {
    return new TracingProducer<>(producer, messaging, headers);
  }

  /**
   * Wraps {@code consumer} so that every poll records CONSUMER spans; every other method is
   * delegated unchanged, so the wrapper adds no method of its own and is typed as Kafka's {@link
   * Consumer}.
   *
   * <p>Each poll records one CONSUMER span {@code poll}, tagged {@code kafka.topic}, per distinct
   * trace context found in the records' headers, continuing its producer's trace. Records without
   * context share one span per topic (or get one each: {@link
   * Builder#singleRootSpanOnReceiveBatch(boolean)}). Before the records are returned, each
   * record's trace headers are replaced by its CONSUMER span's context as one {@code b3} header
   * (with {@code traceparent} and {@code tracestate} beside it when the trace has a tracestate),
   * other headers kept, so that {@link #nextSpan} continues from there. The tracer's baggage
   * fields found in a record's headers are on its CONSUMER span's context; those headers stay as
   * received, so the processing span reads them again. Tracing never makes {@code poll} fail.
   */
  public <K, V> Consumer<K, V> consumer(Consumer<K, V> consumer) {
    return new TracingConsumer<>(consumer, messaging, headers, singleRootSpanOnReceiveBatch);
  }

  /**
   * The trace context in the record's headers: after a consumer from {@link #consumer} polled it, the
   * context of its CONSUMER span (trace id, span id and sampling decision; the {@code b3} header
   * carries no parent id), with the tracer's baggage fields the record carries and the trace's
   * {@code tracestate}, if any. Pass it on as the
   * parent of work done for the record.
   *
   * @return the context, or {@code null} when the record carries none (or only a malformed one),
   *     or when {@code record} is null. Passed on as a parent, that null counts as misuse
   *     ({@link Tracer#newChild}): use {@link #nextSpan(ConsumerRecord)} to start a span that
   *     is a new trace when the record carries no context
   */
  public TraceContext context(ConsumerRecord<?, ?> record) {
    if (record == null) return null;
    try {
      return headers.extract(record.headers()).context();
    } catch (RuntimeException e) {
      KafkaLog.tracingFailed("read a record's context", e);
      return null;
    }
  }

  /**
   * An unstarted span for processing {@code record}: a child of the context in its headers (its
   * CONSUMER span's, after a consumer from {@link #consumer} polled it), or the root of a new trace,
   * tagged with the topic, when there is none; either way with the tracer's baggage fields the
   * record carries. Name, start and finish it yourself.
   *
   * <p>A null {@code record} is a caller's mistake: as for any null parent in ziptrace, the span
   * is the root of a new trace, decided by the tracer's sampler, and the mistake is counted in
   * {@link Tracer#ignoredMisuseCount()}. Never throws.
   */
  public Span nextSpan(ConsumerRecord<?, ?> record) {
    // As for any null parent: a new trace decided by the sampler, the mistake counted as misuse.
    if (record == null) return messaging.tracer().nextSpan((IncomingContext) null);
    try {
      IncomingContext incoming = headers.extract(record.headers());
      return messaging.processor(incoming, KafkaMessage.received(record.topic(), record.key()));
    } catch (RuntimeException e) {
      KafkaLog.tracingFailed("start a processing span", e);
      return messaging.tracer().newTrace();
    }
  }

  /** Configures {@link KafkaTracing}. Not thread-safe. */
  public static final class Builder {
    /** Kafka's settings of the shared messaging tracing; the builder checks what it is given. */
    private final MessagingTracing.Builder messaging;
    private boolean singleRootSpanOnReceiveBatch = true;

    private Builder(Tracer tracer) {
      this.messaging = MessagingTracing.builder(tracer).remoteServiceName("kafka").parser(KafkaMessage.TAGS);
    }

    /**
     * The service name of the broker in Zipkin's dependency graph, recorded as the remote
     * service of PRODUCER and CONSUMER spans; {@code null} or empty records none. Default:
     * {@code kafka}.
     */
    public Builder remoteServiceName(String remoteServiceName) {
      messaging.remoteServiceName(remoteServiceName);
      return this;
    }

    /**
     * Whether the records of one poll that carry no trace context share one CONSUMER span per
     * topic (true), or each get their own, a new trace each (false). Default: true.
     */
    public Builder singleRootSpanOnReceiveBatch(boolean singleRootSpanOnReceiveBatch) {
      this.singleRootSpanOnReceiveBatch = singleRootSpanOnReceiveBatch;
      return this;
    }

    /**
     * Samples PRODUCER spans that start a trace, by topic, e.g. {@code MessageSampler.never("audit")}.
     * Default: {@link MessageSampler#DEFER}.
     */
    public Builder producerSampler(MessageSampler producerSampler) {
      messaging.producerSampler(producerSampler);
      return this;
    }

    /**
     * Samples CONSUMER spans of records that arrive without a sampling decision, by topic.
     * Default: {@link MessageSampler#DEFER}.
     */
    public Builder consumerSampler(MessageSampler consumerSampler) {
      messaging.consumerSampler(consumerSampler);
      return this;
    }

    /** Returns the Kafka tracing. */
    public KafkaTracing build() {
      return new KafkaTracing(this);
    }
  }
}
