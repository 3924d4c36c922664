package io.ziptrace.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scopes: nesting, restoring what was current, clearing, and crossing threads. */
class ZiptraceCurrentTraceContextTest {
  final Bridge bridge = new Bridge();
  final Tracer tracer = bridge.tracer;
  final CurrentTraceContext current = bridge.bridge.currentTraceContext();
  final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void close() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(current.context()).isNull();
    bridge.close();
  }

  @Test
  void nestedScopesRestoreTheOuterContext() {
    Span outer = tracer.nextSpan().start();
    Span inner = tracer.nextSpan().start();
    try (CurrentTraceContext.Scope o = current.newScope(outer.context())) {
      try (CurrentTraceContext.Scope i = current.newScope(inner.context())) {
        assertThat(current.context()).isEqualTo(inner.context());
      }
      assertThat(current.context()).isEqualTo(outer.context());
    }
    assertThat(current.context()).isNull();
  }

  @Test
  void closingOutOfOrderRestoresWhatWasCurrentAtOpening() {
    TraceContext a = tracer.nextSpan().context();
    TraceContext b = tracer.nextSpan().context();
    CurrentTraceContext.Scope first = current.newScope(a);
    CurrentTraceContext.Scope second = current.newScope(b);
    first.close();
    assertThat(current.context()).isNull();
    second.close();
    assertThat(current.context()).isEqualTo(a);
    current.newScope(null).close();
    assertThat(current.context()).isEqualTo(a);
    try (CurrentTraceContext.Scope cleared = current.maybeScope(null)) {
      assertThat(current.context()).isNull();
    }
    current.maybeScope(null);
    assertThat(current.context()).as("maybeScope(null) clears, even when its scope is dropped").isNull();
  }

  @Test
  void scopeClosedTwiceRestoresOnce() {
    TraceContext a = tracer.nextSpan().context();
    TraceContext b = tracer.nextSpan().context();
    try (CurrentTraceContext.Scope outer = current.newScope(a)) {
      CurrentTraceContext.Scope inner = current.newScope(b);
      inner.close();
      try (CurrentTraceContext.Scope again = current.newScope(b)) {
        inner.close();
        assertThat(current.context()).isEqualTo(b);
      }
    }
  }

  @Test
  void maybeScopeOfTheCurrentContextChangesNothing() {
    TraceContext a = tracer.nextSpan().context();
    try (CurrentTraceContext.Scope outer = current.newScope(a)) {
      CurrentTraceContext.Scope same = current.maybeScope(a);
      assertThat(same).isSameAs(CurrentTraceContext.Scope.NOOP);
      try (CurrentTraceContext.Scope none = current.maybeScope(null)) {
        assertThat(current.context()).isNull();
      }
      assertThat(current.context()).isEqualTo(a);
    }
    assertThat(current.maybeScope(null)).isSameAs(CurrentTraceContext.Scope.NOOP);
  }

  @Test
  void wrappedRunnableAndCallableRunInTheContextOfWrapping() throws Exception {
    TraceContext a = tracer.nextSpan().context();
    AtomicReference<TraceContext> seen = new AtomicReference<>();
    Runnable runnable;
    Callable<TraceContext> callable;
    try (CurrentTraceContext.Scope scope = current.newScope(a)) {
      runnable = current.wrap(() -> seen.set(current.context()));
      callable = current.wrap(current::context);
    }
    executor.submit(runnable).get(10, TimeUnit.SECONDS);
    assertThat(seen.get()).isEqualTo(a);
    assertThat(executor.submit(callable).get(10, TimeUnit.SECONDS)).isEqualTo(a);
    assertThat(executor.submit(current::context).get(10, TimeUnit.SECONDS)).as("nothing left on the pool thread")
        .isNull();
  }

  @Test
  void wrappedExecutorsRunTasksInTheContextOfSubmission() throws Exception {
    ExecutorService wrapped = current.wrap(executor);
    java.util.concurrent.Executor plain = current.wrap((java.util.concurrent.Executor) executor);
    TraceContext a = tracer.nextSpan().context();
    try (CurrentTraceContext.Scope scope = current.newScope(a)) {
      assertThat(wrapped.submit(current::context).get(10, TimeUnit.SECONDS)).isEqualTo(a);
      Callable<TraceContext> task = current::context;
      for (java.util.concurrent.Future<TraceContext> f : wrapped.invokeAll(List.of(task, task))) {
        assertThat(f.get()).isEqualTo(a);
      }
      assertThat(wrapped.invokeAny(List.of(task))).isEqualTo(a);
      CompletableFuture<TraceContext> viaExecutor = new CompletableFuture<>();
      plain.execute(() -> viaExecutor.complete(current.context()));
      assertThat(viaExecutor.get(10, TimeUnit.SECONDS)).isEqualTo(a);
    }
    assertThat(wrapped.submit(current::context).get(10, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void scopesOnOneThreadDoNotLeakToAnother() throws Exception {
    Span span = tracer.nextSpan().start();
    try (Tracer.SpanInScope ws = tracer.withSpan(span)) {
      assertThat(executor.submit(tracer::currentSpan).get(10, TimeUnit.SECONDS)).isNull();
      Span fromOtherThread = executor.submit(() -> {
        try (Tracer.SpanInScope there = tracer.withSpan(span)) {
          return tracer.currentSpan();
        }
      }).get(10, TimeUnit.SECONDS);
      assertThat(fromOtherThread).isEqualTo(span);
    }
    span.end();
  }

  @Test
  void throwingDecoratorDoesNotBreakTheScope() {
    try (Bridge decorated = new Bridge(b -> b.scopeDecorators(List.of(context -> {
      throw new IllegalStateException("decorator bug");
    })))) {
      Span span = decorated.tracer.nextSpan().start();
      try (Tracer.SpanInScope ws = decorated.tracer.withSpan(span)) {
        assertThat(decorated.tracer.currentSpan()).isEqualTo(span);
      }
      assertThat(decorated.tracer.currentSpan()).isNull();
    }
  }
}
