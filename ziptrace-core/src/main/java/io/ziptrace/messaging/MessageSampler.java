package io.ziptrace.messaging;

import java.util.Set;

/**
 * Decides, by destination, whether a messaging span starts a recorded trace. It is asked only
 * when nothing upstream decided already: a new trace, or an incoming context without a sampling
 * decision. A decision that came with the parent context always wins.
 *
 * <p>Implementations must be cheap, thread-safe and should not throw; an exception, like a
 * {@code null} answer, is taken as {@link Decision#DEFER}, so that a broken sampler never breaks
 * sending or receiving.
 */
@FunctionalInterface
public interface MessageSampler {
  /** Leaves every decision to the tracer's own sampler: the default. */
  MessageSampler DEFER = destination -> Decision.DEFER;

  /**
   * The decision for a span about a message to or from {@code destination} (null when unknown).
   * Must not return {@code null}.
   */
  Decision decide(String destination);

  /** Never samples traces started for the given destinations, and defers for every other. */
  static MessageSampler never(String... destinations) {
    Set<String> never = Set.of(destinations);
    return destination -> destination != null && never.contains(destination) ? Decision.NEVER : Decision.DEFER;
  }

  /** What a {@link MessageSampler} answers. */
  enum Decision {
    /** Record the trace. */
    SAMPLE,
    /** Do not record the trace; the unsampled decision still travels with the message. */
    NEVER,
    /** Let the tracer's sampler decide. */
    DEFER
  }
}
