package io.ziptrace.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.BaggageField;
import io.ziptrace.FinishedSpan;
import io.ziptrace.IncomingContext;
import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.TraceContext;
import io.ziptrace.Tracer;
import io.ziptrace.sampling.Sampler;
import io.ziptrace.testing.InMemoryReporter;
import org.junit.jupiter.api.Test;

/** The shared messaging rules, through a minimal message adapter. */
class MessagingTracingTest {
  static final BaggageField USER = BaggageField.remote("user-id");

  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().reporter(reporter).baggageFields(USER).build();
  final MessagingTracing messaging = MessagingTracing.builder(tracer)
      .remoteServiceName("broker")
      .parser(MessageParser.tags("queue", "queue.key"))
      .build();

  /** A message as an adapter would present it. */
  record Message(String operation, String destination, String key) implements MessageInfo {}

  static final Message ORDER = new Message("send", "orders", "42");

  @Test
  void producer_isNamedTaggedAndHasTheBrokerAsRemoteService() {
    messaging.producer(null, IncomingContext.EMPTY, ORDER).finish();

    FinishedSpan span = reporter.spans().get(0);
    assertThat(span.kind()).isEqualTo(Kind.PRODUCER);
    assertThat(span.name()).isEqualTo("send");
    assertThat(span.tags()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("queue", "orders", "queue.key", "42"));
    assertThat(span.remoteEndpoint().serviceName()).isEqualTo("broker");
  }

  @Test
  void producer_isAChildOfTheCaller_beforeTheMessagesHeaders() {
    TraceContext caller = tracer.newTrace().context();
    TraceContext inHeaders = tracer.newTrace().context();

    Span span = messaging.producer(caller, IncomingContext.of(inHeaders), ORDER);

    assertThat(span.context().traceId()).isEqualTo(caller.traceId());
    assertThat(span.context().parentId()).isEqualTo(caller.spanId());
  }

  @Test
  void producer_withoutCaller_continuesTheContextInTheHeaders() {
    TraceContext inHeaders = tracer.newTrace().context();

    Span span = messaging.producer(null, IncomingContext.of(inHeaders), ORDER);

    assertThat(span.context().parentId()).isEqualTo(inHeaders.spanId());
  }

  @Test
  void consumer_isAChildOfTheIncomingContext_withTheBrokerAsRemoteService() {
    TraceContext producer = tracer.newTrace().context();

    messaging.consumer(IncomingContext.of(producer), new Message("poll", "orders", null)).finish();

    FinishedSpan span = reporter.spans().get(0);
    assertThat(span.kind()).isEqualTo(Kind.CONSUMER);
    assertThat(span.name()).isEqualTo("poll");
    assertThat(span.context().parentId()).isEqualTo(producer.spanId());
    assertThat(span.tags()).containsOnlyKeys("queue");
    assertThat(span.remoteEndpoint().serviceName()).isEqualTo("broker");
  }

  @Test
  void processor_isAnUnstartedUntaggedChild_whenTheMessageCarriedContext() {
    TraceContext consumer = tracer.newTrace().context();

    Span span = messaging.processor(IncomingContext.of(consumer), ORDER);
    span.name("process").start().finish();

    FinishedSpan finished = reporter.spans().get(0);
    assertThat(finished.context().parentId()).isEqualTo(consumer.spanId());
    assertThat(finished.kind()).isNull();
    assertThat(finished.tags()).isEmpty();
    assertThat(finished.remoteEndpoint()).isNull();
  }

  @Test
  void processor_ofAMessageWithoutContext_isANewTraceTaggedByTheParser() {
    messaging.processor(IncomingContext.EMPTY, ORDER).start().finish();

    FinishedSpan span = reporter.spans().get(0);
    assertThat(span.context().parentId()).isZero();
    assertThat(span.tags()).containsEntry("queue", "orders").containsEntry("queue.key", "42");
  }

  @Test
  void parser_tagsNoEmptyKey_andNoKeyWithoutAKeyTag() {
    Span emptyKey = tracer.newTrace();
    MessageParser.tags("queue", "queue.key").parse(new Message("send", "orders", ""), emptyKey);
    emptyKey.start().finish();
    Span noKeyTag = tracer.newTrace();
    MessageParser.tags("queue", null).parse(ORDER, noKeyTag);
    noKeyTag.start().finish();

    assertThat(reporter.spans()).extracting(FinishedSpan::tags)
        .allSatisfy(tags -> assertThat(tags).containsOnlyKeys("queue"));
  }

  @Test
  void sampler_decidesANewTrace_byDestination() {
    MessagingTracing never = MessagingTracing.builder(tracer).producerSampler(MessageSampler.never("orders")).build();

    Span toOrders = never.producer(null, IncomingContext.EMPTY, ORDER);
    Span toOthers = never.producer(null, IncomingContext.EMPTY, new Message("send", "others", null));

    assertThat(toOrders.context().sampled()).isFalse();
    assertThat(toOthers.context().sampled()).isTrue();
  }

  @Test
  void sampler_decidesAnUndecidedParent_butNeverOverridesADecision() {
    MessagingTracing sample = MessagingTracing.builder(tracer)
        .consumerSampler(destination -> MessageSampler.Decision.NEVER).build();
    TraceContext undecided = TraceContext.builder().traceId(0L, 7L).spanId(7L).build();
    TraceContext sampled = tracer.newTrace().context();

    assertThat(sample.consumer(IncomingContext.of(undecided), ORDER).context().sampled()).isFalse();
    assertThat(sample.consumer(IncomingContext.of(sampled), ORDER).context().sampled()).isTrue();
    assertThat(sample.consumer(IncomingContext.samplingOnly(true, false), ORDER).context().sampled()).isTrue();
  }

  @Test
  void sampler_thatThrowsOrAnswersNull_defersToTheTracer() {
    Tracer never = Tracer.builder().reporter(reporter).sampler(Sampler.NEVER).build();
    MessagingTracing throwing = MessagingTracing.builder(never).producerSampler(destination -> {
      throw new IllegalStateException("broken");
    }).consumerSampler(destination -> null).build();

    assertThat(throwing.producer(null, IncomingContext.EMPTY, ORDER).context().sampled()).isFalse();
    assertThat(throwing.consumer(IncomingContext.EMPTY, ORDER).context().sampled()).isFalse();
  }

  @Test
  void newTrace_keepsTheIncomingSamplingDecisionAndBaggage() {
    IncomingContext notSampled = IncomingContext.samplingOnly(false, false).withBaggage(USER, "alice");

    Span span = messaging.consumer(notSampled, ORDER);

    assertThat(span.context().sampled()).isFalse();
    assertThat(span.context().baggage(USER)).isEqualTo("alice");
  }

  @Test
  void newTrace_decidedByTheSampler_keepsTheIncomingBaggage() {
    MessagingTracing sample = MessagingTracing.builder(tracer)
        .consumerSampler(destination -> MessageSampler.Decision.NEVER).build();
    IncomingContext baggageOnly = IncomingContext.EMPTY.withBaggage(USER, "alice");

    Span span = sample.consumer(baggageOnly, ORDER);

    assertThat(span.context().sampled()).isFalse();
    assertThat(span.context().baggage(USER)).isEqualTo("alice");
  }

  @Test
  void aNullIncomingContext_startsANewTrace_countedAsMisuse() {
    Span span = messaging.consumer(null, ORDER);

    assertThat(span.context().parentId()).isZero();
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(1);
  }

  @Test
  void aParserOrMessageThatThrows_stillGivesAStartedSpan() {
    MessagingTracing broken = MessagingTracing.builder(tracer).parser((message, span) -> {
      throw new IllegalStateException("broken");
    }).build();
    MessageInfo unreadable = new MessageInfo() {
      @Override
      public String operation() {
        throw new IllegalStateException("unreadable");
      }

      @Override
      public String destination() {
        return "orders";
      }
    };

    broken.producer(null, IncomingContext.EMPTY, unreadable).finish();

    assertThat(reporter.spans()).hasSize(1);
    assertThat(reporter.spans().get(0).kind()).isEqualTo(Kind.PRODUCER);
  }

  @Test
  void inject_writesTheContextWithoutItsParentId() {
    Span child = tracer.newChild(tracer.newTrace().context());
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    MessagingTracing.inject(io.ziptrace.propagation.B3Propagation.single(), child.context(), headers, java.util.Map::put);

    TraceContext c = child.context();
    assertThat(headers).containsExactly(java.util.Map.entry("b3", c.traceIdString() + "-" + c.spanIdString() + "-1"));
  }

  @Test
  void inject_writesAnUnsampledContextWithoutItsParentIdToo() {
    Tracer unsampled = Tracer.builder().reporter(reporter).sampler(Sampler.NEVER).build();
    Span child = unsampled.newChild(unsampled.newTrace().context());
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();

    MessagingTracing.inject(io.ziptrace.propagation.B3Propagation.single(), child.context(), headers, java.util.Map::put);

    TraceContext c = child.context();
    assertThat(headers).containsExactly(java.util.Map.entry("b3", c.traceIdString() + "-" + c.spanIdString() + "-0"));
  }
}
