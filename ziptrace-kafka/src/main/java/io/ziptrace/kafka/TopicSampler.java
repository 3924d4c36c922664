package io.ziptrace.kafka;

import java.util.Set;

/**
 * Decides, by topic, whether a Kafka span starts a recorded trace. It is asked only when nothing
 * upstream decided already: a new trace, or an incoming context without a sampling decision. A
 * decision that came with the parent context always wins.
 *
 * <pre>{@code
 * KafkaTracing kafkaTracing = KafkaTracing.builder(tracer)
 *     .producerSampler(TopicSampler.never("audit-log"))   // never trace sends to audit-log
 *     .build();
 * }</pre>
 *
 * <p>Implementations must be cheap, thread-safe and should not throw; an exception is taken as
 * {@link Decision#DEFER}.
 */
@FunctionalInterface
public interface TopicSampler {
  /** Leaves every decision to the tracer's own sampler: the default. */
  TopicSampler DEFER = topic -> Decision.DEFER;

  /** The decision for a span about the record's topic {@code topic}. Must not return {@code null}. */
  Decision decide(String topic);

  /** Never samples traces started for the given topics, and defers for every other topic. */
  static TopicSampler never(String... topics) {
    Set<String> never = Set.of(topics);
    return topic -> never.contains(topic) ? Decision.NEVER : Decision.DEFER;
  }

  /** What a {@link TopicSampler} answers. */
  enum Decision {
    /** Record the trace. */
    SAMPLE,
    /** Do not record the trace; the unsampled decision still travels in the {@code b3} header. */
    NEVER,
    /** Let the tracer's sampler decide. */
    DEFER
  }
}
