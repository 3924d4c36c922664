/**
 * The transport that writes encoded span lists to a Kafka topic, where Zipkin's Kafka collector
 * reads them: {@link io.ziptrace.reporting.kafka.KafkaSender}, a {@link
 * io.ziptrace.reporting.Sender}. (Tracing kafka-clients producers and consumers is {@code
 * io.ziptrace.kafka}.)
 *
 * <p>Nullness: parameters are non-null unless documented; methods never return {@code null}
 * unless documented.
 */
package io.ziptrace.reporting.kafka;
