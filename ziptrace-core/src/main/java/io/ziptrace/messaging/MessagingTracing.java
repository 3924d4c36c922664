package io.ziptrace.messaging;

import io.ziptrace.Endpoint;
import io.ziptrace.IncomingContext;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.propagation.HeaderSetter;
import io.ziptrace.propagation.Propagation;
import java.util.Objects;

/**
 * The messaging tracing that broker adapters share, so that sending, receiving and processing a
 * message agree on parents, sampling, names and tags: a PRODUCER span per message sent, a
 * CONSUMER span per message (or batch of messages) received, and a processing span for the code
 * that handles a received message. PRODUCER and CONSUMER spans record the broker as their remote
 * service, so that Zipkin draws service → broker → service. The adapter reads the trace context
 * from the message's headers (an {@link IncomingContext}) and writes the span's context into the
 * headers it sends. Thread-safe; build one per adapter instance.
 *
 * <p>Parents: a span is a child of the incoming context; a message with none starts a new trace
 * that keeps the sampling decision and baggage the headers carried. The configured {@link
 * MessageSampler}s decide only what nobody upstream decided. Tracing never throws: a failing
 * sampler or parser is ignored, and a {@code null} incoming context, a caller's mistake, starts
 * a new trace and is counted in {@link Tracer#ignoredMisuseCount()}.
 */
public final class MessagingTracing {
  private static final System.Logger LOG = System.getLogger(MessagingTracing.class.getName());

  private final Tracer tracer;
  private final Endpoint remoteEndpoint; // null when no remote service name is configured
  private final MessageSampler producerSampler;
  private final MessageSampler consumerSampler;
  private final MessageParser parser;
  private final SampledParent parents;

  private MessagingTracing(Builder b) {
    this.tracer = b.tracer;
    this.remoteEndpoint = b.remoteServiceName == null || b.remoteServiceName.isEmpty()
        ? null : Endpoint.of(b.remoteServiceName);
    this.producerSampler = b.producerSampler;
    this.consumerSampler = b.consumerSampler;
    this.parser = b.parser;
    this.parents = new SampledParent(b.tracer);
  }

  /** Configures messaging tracing for {@code tracer}. */
  public static Builder builder(Tracer tracer) {
    return new Builder(tracer);
  }

  /** The tracer spans come from. */
  public Tracer tracer() {
    return tracer;
  }

  /**
   * Starts the PRODUCER span of a message about to be sent: a child of {@code caller}, the
   * context the sending code passes; when that is null, of the context {@code fromHeaders} found
   * in the message's own headers (a message passed on, say); else the root of a new trace.
   * Named after the message's operation and tagged by the parser. Never throws.
   *
   * @param caller the sending code's context, or {@code null}
   * @param fromHeaders what the outgoing message's headers already say; {@link
   *     IncomingContext#EMPTY} when nothing
   */
  public Span producer(TraceContext caller, IncomingContext fromHeaders, MessageInfo message) {
    IncomingContext parent = caller != null ? IncomingContext.of(caller) : fromHeaders;
    return start(parents.next(parent, producerSampler, message), Kind.PRODUCER, message);
  }

  /**
   * Starts the CONSUMER span of a received message (or of received messages that share one
   * context and destination): continuing the trace of {@code incoming}, the context read from the
   * message's headers. Named after the message's operation and tagged by the parser. Never
   * throws.
   */
  public Span consumer(IncomingContext incoming, MessageInfo message) {
    return start(parents.next(incoming, consumerSampler, message), Kind.CONSUMER, message);
  }

  /**
   * An unstarted span for the code that processes a received message, to be named, started and
   * finished by that code: a child of {@code incoming} (usually its CONSUMER span's context), or,
   * when the message carried no context, the root of a new trace tagged by the parser, so that
   * it can still be found by destination. Never throws.
   */
  public Span processor(IncomingContext incoming, MessageInfo message) {
    Span span = parents.next(incoming, MessageSampler.DEFER, message);
    if (incoming.context() == null) parse(message, span);
    return span;
  }

  /**
   * Writes {@code context} into a message's headers as messaging peers expect it: without its
   * parent id, which a consumer never needs (its span is a child of the sender's span, named by
   * the span id). Brave's messaging instrumentation writes the same form: a single {@code b3}
   * header reads {@code trace-span-1}, or {@code trace-span-0} for an unsampled context.
   */
  public static <C> void inject(Propagation propagation, TraceContext context, C headers, HeaderSetter<C> setter) {
    TraceContext sent = context.parentId() == 0L ? context : context.toBuilder().parentId(0L).build();
    propagation.inject(sent, headers, setter);
  }

  private Span start(Span span, Kind kind, MessageInfo message) {
    span.kind(kind);
    if (span.isNoop()) return span;
    try {
      span.name(message.operation());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a message's operation could not be read", e);
    }
    parse(message, span);
    if (remoteEndpoint != null) span.remoteEndpoint(remoteEndpoint);
    return span.start();
  }

  private void parse(MessageInfo message, Span span) {
    if (span.isNoop()) return;
    try {
      parser.parse(message, span);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "message parser failed", e);
    }
  }

  /** Configures {@link MessagingTracing}. Not thread-safe. */
  public static final class Builder {
    private final Tracer tracer;
    private String remoteServiceName;
    private MessageSampler producerSampler = MessageSampler.DEFER;
    private MessageSampler consumerSampler = MessageSampler.DEFER;
    private MessageParser parser = (message, span) -> { };

    private Builder(Tracer tracer) {
      this.tracer = Objects.requireNonNull(tracer, "tracer");
    }

    /**
     * The broker's service name in Zipkin's dependency graph, recorded as the remote service of
     * PRODUCER and CONSUMER spans; {@code null} or empty records none. Default: none.
     */
    public Builder remoteServiceName(String remoteServiceName) {
      this.remoteServiceName = remoteServiceName;
      return this;
    }

    /** Samples PRODUCER spans that start a trace, by destination. Default: {@link MessageSampler#DEFER}. */
    public Builder producerSampler(MessageSampler producerSampler) {
      this.producerSampler = Objects.requireNonNull(producerSampler, "producerSampler");
      return this;
    }

    /**
     * Samples CONSUMER spans of messages that arrive without a sampling decision, by destination.
     * Default: {@link MessageSampler#DEFER}.
     */
    public Builder consumerSampler(MessageSampler consumerSampler) {
      this.consumerSampler = Objects.requireNonNull(consumerSampler, "consumerSampler");
      return this;
    }

    /**
     * Tags PRODUCER and CONSUMER spans, and processing spans of messages without context, e.g.
     * {@code MessageParser.tags("kafka.topic", "kafka.key")}. Default: no tags.
     */
    public Builder parser(MessageParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser");
      return this;
    }

    /** Returns the messaging tracing. */
    public MessagingTracing build() {
      return new MessagingTracing(this);
    }
  }
}
