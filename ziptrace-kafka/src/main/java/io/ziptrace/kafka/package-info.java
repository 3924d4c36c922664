/**
 * Kafka for ziptrace: {@link io.ziptrace.kafka.KafkaSender}, a {@link
 * io.ziptrace.reporting.Sender} that writes span lists to a topic for Zipkin's Kafka collector,
 * and {@link io.ziptrace.kafka.KafkaTracing}, PRODUCER and CONSUMER spans for kafka-clients with
 * the trace context passed explicitly and carried in a single {@code b3} record header (with
 * {@code traceparent} and {@code tracestate} beside it for a trace that has a W3C tracestate), and
 * the tracer's remote baggage fields in record headers beside it.
 *
 * <p>Nullness: parameters are non-null unless documented; methods never return {@code null}
 * unless documented.
 */
package io.ziptrace.kafka;
