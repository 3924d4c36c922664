package io.ziptrace.micrometer;

import static io.micrometer.tracing.test.simple.SpansAssert.then;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.BaggageInScope;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.contextpropagation.ObservationAwareBaggageThreadLocalAccessor;
import io.micrometer.tracing.contextpropagation.ObservationAwareSpanThreadLocalAccessor;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * Reactor with automatic context propagation: chains that hop threads keep the current span,
 * through Micrometer's observation and span thread-local accessors, and leave nothing behind.
 */
class ContextPropagationTest {
  final Bridge bridge = new Bridge();
  final Tracer tracer = bridge.tracer;
  final ObservationRegistry registry = ObservationRegistry.create();
  final ExecutorService executor = Executors.newSingleThreadExecutor();
  final Scheduler scheduler = Schedulers.fromExecutorService(executor);
  ObservationRegistry previousRegistry;

  @BeforeEach
  void setUp() {
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    previousRegistry = ObservationThreadLocalAccessor.getInstance().getObservationRegistry();
    ObservationThreadLocalAccessor.getInstance().setObservationRegistry(registry);
    ContextRegistry.getInstance().registerThreadLocalAccessor(new ObservationAwareSpanThreadLocalAccessor(tracer));
    ContextRegistry.getInstance().registerThreadLocalAccessor(new ObservationAwareBaggageThreadLocalAccessor(registry, tracer));
    Hooks.enableAutomaticContextPropagation();
  }

  @AfterEach
  void tearDown() throws Exception {
    // block() returns as soon as the value is signalled, while the scheduler's thread may still be
    // restoring its thread locals through the accessors: let that task end (the executor has one
    // thread, so a task submitted now runs after it) before the accessors are unregistered, or
    // the restore would not find them.
    Span leftOnSchedulerThread = executor.submit(tracer::currentSpan).get(10, TimeUnit.SECONDS);
    Hooks.disableAutomaticContextPropagation();
    ContextRegistry.getInstance().removeThreadLocalAccessor(ObservationAwareSpanThreadLocalAccessor.KEY);
    ContextRegistry.getInstance().removeThreadLocalAccessor(ObservationAwareBaggageThreadLocalAccessor.KEY);
    ObservationThreadLocalAccessor.getInstance().setObservationRegistry(previousRegistry);
    assertThat(tracer.currentSpan()).isNull();
    assertThat(leftOnSchedulerThread).as("nothing left on the scheduler's thread").isNull();
    scheduler.dispose();
    executor.shutdownNow();
    bridge.close();
  }

  @Test
  void observationInScopeIsCurrentOnTheOtherThread() {
    Observation observation = Observation.start("parent", registry);
    Span seen;
    Span expected;
    try (Observation.Scope scope = observation.openScope()) {
      expected = tracer.currentSpan();
      seen = Mono.just(1).publishOn(scheduler).map(i -> tracer.currentSpan()).block(Duration.ofSeconds(10));
    }
    observation.stop();
    assertThat(expected).isNotNull();
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void nestedObservationsAcrossThreadsMakeOneTrace() {
    Observation parent = Observation.start("parent", registry);
    List<String> parentIds;
    try (Observation.Scope scope = parent.openScope()) {
      parentIds = Flux.range(0, 3)
          .publishOn(scheduler)
          .map(i -> {
            Observation child = Observation.start("child-" + i, registry);
            try (Observation.Scope inner = child.openScope()) {
              return tracer.currentSpan().context().parentId();
            } finally {
              child.stop();
            }
          })
          .collectList()
          .block(Duration.ofSeconds(10));
    }
    parent.stop();
    String parentSpanId = bridge.spans().stream().filter(s -> s.getName().equals("parent")).findFirst()
        .orElseThrow().getSpanId();
    assertThat(parentIds).containsOnly(parentSpanId);
    then(bridge.spans()).hasNumberOfSpansEqualTo(4).haveSameTraceId();
  }

  @Test
  void manualSpanInScopeIsCurrentOnTheOtherThread() {
    Span span = tracer.nextSpan().name("manual").start();
    Span seen;
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      seen = Mono.just(1).publishOn(scheduler).map(i -> tracer.currentSpan()).block(Duration.ofSeconds(10));
    }
    span.end();
    assertThat(seen).isEqualTo(span);
  }

  @Test
  void baggageInScopeTravelsToTheOtherThread() {
    Span span = tracer.nextSpan().start();
    String seen;
    try (Tracer.SpanInScope ws = tracer.withSpan(span);
        BaggageInScope baggage = tracer.createBaggageInScope(Bridge.KEY_1, "across threads")) {
      seen = Mono.just(1).publishOn(scheduler).map(i -> String.valueOf(tracer.getBaggage(Bridge.KEY_1).get()))
          .block(Duration.ofSeconds(10));
    }
    span.end();
    assertThat(seen).isEqualTo("across threads");
  }

  @Test
  void emptyReactorContextClearsTheCurrentSpan() {
    Observation observation = Observation.start("parent", registry);
    Span seen;
    try (Observation.Scope scope = observation.openScope()) {
      seen = Mono.just(1).publishOn(scheduler).map(i -> tracer.currentSpan() == null ? Span.NOOP : tracer.currentSpan())
          .contextWrite(context -> Context.empty()).block(Duration.ofSeconds(10));
    }
    observation.stop();
    assertThat(seen).isSameAs(Span.NOOP);
  }
}
