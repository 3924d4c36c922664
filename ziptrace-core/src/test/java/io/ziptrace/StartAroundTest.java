package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ziptrace.testing.InMemoryReporter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StartAroundTest {
  final InMemoryReporter reporter = new InMemoryReporter();
  final Tracer tracer = Tracer.builder().reporter(reporter).build();
  final ExecutorService executor = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  @Test
  void finishesWhenTheFutureCompletesOnAnotherThread() throws Exception {
    CompletableFuture<String> gate = new CompletableFuture<>();
    Span span = tracer.newTrace().name("load user");

    CompletableFuture<String> result = span.startAround(() -> gate.thenApplyAsync(s -> s + "!", executor));
    assertThat(reporter.spans()).isEmpty();
    gate.complete("alice");

    assertThat(result.get()).isEqualTo("alice!");
    FinishedSpan f = reporter.awaitCount(1, Duration.ofSeconds(10)).get(0);
    assertThat(f.name()).isEqualTo("load user");
    assertThat(f.tag(Tags.ERROR)).isNull();
    assertThat(f.duration()).isPositive();
  }

  @Test
  void failedFutureTagsTheUnwrappedError() throws Exception {
    CompletableFuture<String> result = tracer.newTrace().startAround(
        () -> CompletableFuture.supplyAsync(() -> { throw new IllegalStateException("no such user"); }, executor));

    assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
    FinishedSpan f = reporter.awaitCount(1, Duration.ofSeconds(10)).get(0);
    assertThat(f.tag(Tags.ERROR)).isEqualTo("no such user");
  }

  @Test
  void aSynchronousThrowFinishesTheSpanAndRethrows() {
    Span span = tracer.newTrace();

    assertThatThrownBy(() -> span.startAround(() -> { throw new IllegalArgumentException("bad id"); }))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(reporter.spans()).singleElement().extracting(s -> s.tag(Tags.ERROR)).isEqualTo("bad id");
  }

  @Test
  void aNullStageFinishesTheSpanWithAnError() {
    assertThatThrownBy(() -> tracer.newTrace().<String>startAround(() -> null))
        .isInstanceOf(NullPointerException.class);

    assertThat(reporter.spans()).singleElement().extracting(s -> s.tag(Tags.ERROR)).isNotNull();
  }

  @Test
  void chainedChildrenPassContextExplicitly() throws Exception {
    Span root = tracer.newTrace().name("root").start();

    CompletableFuture<Integer> done = root.newChild("step 1")
        .startAround(() -> CompletableFuture.supplyAsync(() -> 1, executor))
        .thenCompose(one -> root.newChild("step 2")
            .startAround(() -> CompletableFuture.supplyAsync(() -> one + 1, executor)));
    assertThat(done.get()).isEqualTo(2);
    root.finish();

    assertThat(reporter.awaitCount(3, Duration.ofSeconds(10)))
        .filteredOn(s -> s.name().startsWith("step"))
        .allSatisfy(s -> assertThat(s.context().parentId()).isEqualTo(root.context().spanId()));
  }
}
