/**
 * Tracing for kafka-clients: {@link io.ziptrace.kafka.KafkaTracing} starts PRODUCER and CONSUMER
 * spans with the trace context passed explicitly and carried in a single {@code b3} record header
 * (with {@code traceparent} and {@code tracestate} beside it for a trace that has a W3C
 * tracestate), and the tracer's remote baggage fields in record headers beside it. (Reporting
 * spans through a Kafka topic is {@code io.ziptrace.reporting.kafka}.)
 *
 * <p>Nullness: parameters are non-null unless documented; methods never return {@code null}
 * unless documented.
 */
package io.ziptrace.kafka;
