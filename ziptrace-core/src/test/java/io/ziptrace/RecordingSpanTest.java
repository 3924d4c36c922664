package io.ziptrace;

import static org.assertj.core.api.Assertions.assertThat;

import io.ziptrace.testing.InMemoryReporter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecordingSpanTest {
  final InMemoryReporter reporter = new InMemoryReporter();
  final AtomicLong now = new AtomicLong(1_000_000L);
  final Endpoint local = Endpoint.builder("frontend").ipv4("10.0.0.1").port(8080).build();
  final Tracer tracer =
      Tracer.builder().localEndpoint(local).reporter(reporter).clock(now::get).build();

  @Test
  void recordsEveryField() {
    Endpoint remote = Endpoint.builder("db").ipv6("2001:db8::1").port(5432).build();
    Span span = tracer.newTrace().name("Slow SQL").kind(Kind.CLIENT).start();
    span.tag("span_type", "root").remoteEndpoint(remote);
    now.set(1_000_010L);
    span.annotate("START SQL");
    span.annotate(1_000_050L, "END SQL");
    now.set(1_000_100L);
    span.finish();

    FinishedSpan f = single();
    assertThat(f.context()).isEqualTo(span.context());
    assertThat(f.name()).isEqualTo("Slow SQL");
    assertThat(f.kind()).isEqualTo(Kind.CLIENT);
    assertThat(f.timestamp()).isEqualTo(1_000_000L);
    assertThat(f.duration()).isEqualTo(100L);
    assertThat(f.localEndpoint()).isEqualTo(local);
    assertThat(f.remoteEndpoint()).isEqualTo(remote);
    assertThat(f.tags()).containsExactly(org.assertj.core.api.Assertions.entry("span_type", "root"));
    assertThat(f.annotations()).containsExactly("START SQL", "END SQL");
    assertThat(f.annotationTimestamp(0)).isEqualTo(1_000_010L);
    assertThat(f.annotationTimestamp(1)).isEqualTo(1_000_050L);
  }

  @Test
  void explicitTimestamps() {
    tracer.newTrace().name("x").start(5_000L).finish(7_500L);

    assertThat(single().timestamp()).isEqualTo(5_000L);
    assertThat(reporter.spans().get(0).duration()).isEqualTo(2_500L);
  }

  @Test
  void durationIsAtLeastOneMicrosecond() {
    tracer.newTrace().start(5_000L).finish(5_000L);
    tracer.newTrace().start(5_000L).finish(4_000L);

    assertThat(reporter.spans()).extracting(FinishedSpan::duration).containsExactly(1L, 1L);
  }

  @Test
  void systemClockDurationIsPositive() {
    Tracer system = Tracer.builder().reporter(reporter).build();

    system.newTrace().start().finish();

    FinishedSpan f = single();
    assertThat(f.duration()).isPositive();
    assertThat(f.timestamp()).isGreaterThan(1_600_000_000_000_000L);
  }

  @Test
  void systemClockAnnotationsFallInsideTheSpan() {
    Tracer system = Tracer.builder().reporter(reporter).build();

    Span span = system.newTrace().start();
    for (int i = 0; i < 100; i++) span.annotate("event " + i);
    span.finish();

    FinishedSpan f = single();
    for (int i = 0; i < 100; i++) {
      assertThat(f.annotationTimestamp(i)).isBetween(f.timestamp(), f.timestamp() + f.duration());
      if (i > 0) assertThat(f.annotationTimestamp(i)).isGreaterThanOrEqualTo(f.annotationTimestamp(i - 1));
    }
  }

  @Test
  void tryWithResourcesFinishes() {
    try (Span span = tracer.newTrace().name("scoped").start()) {
      span.tag("k", "v");
    }

    assertThat(single().name()).isEqualTo("scoped");
  }

  @Test
  void tagReplacesAnEarlierValue() {
    tracer.newTrace().start().tag("k", "1").tag("other", "x").tag("k", "2").finish();

    FinishedSpan f = single();
    assertThat(f.tagCount()).isEqualTo(2);
    assertThat(f.tag("k")).isEqualTo("2");
  }

  @Test
  void misuseIsIgnoredAndCounted() {
    Span span = tracer.newTrace().start();
    span.tag(null, "v").tag("k", null).annotate(null).annotate(-1L, "bad").name(null).kind(null);
    span.finish();
    span.finish();
    span.tag("late", "v").annotate("late").name("late");

    FinishedSpan f = single();
    assertThat(f.tagCount()).isZero();
    assertThat(f.annotationCount()).isZero();
    assertThat(f.name()).isNull();
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(10);
  }

  @Test
  void aFinishTimeThatIsNotPositiveFinishesNowAndIsCounted() {
    now.set(9_000L);
    tracer.newTrace().start(5_000L).finish(-1L);
    tracer.newTrace().start(5_000L).finish(0L);

    assertThat(reporter.spans()).extracting(FinishedSpan::duration).containsExactly(4_000L, 4_000L);
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(2);
  }

  @Test
  void finishWithoutStartRecordsTheInstantWithoutDuration() {
    now.set(42_000L);
    tracer.newTrace().name("never started").finish();

    FinishedSpan f = single();
    assertThat(f.timestamp()).isEqualTo(42_000L);
    assertThat(f.duration()).isZero();
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(1);
  }

  @Test
  void abandonReportsNothing() {
    Span span = tracer.newTrace().start();
    span.abandon();
    span.finish();

    assertThat(reporter.spans()).isEmpty();
  }

  @Test
  void errorTagIsTheMessageOrTheClassName() {
    tracer.newTrace().start().error(new IllegalStateException("db down")).finish();
    tracer.newTrace().start().error(new IllegalStateException("")).finish();
    tracer.newTrace().start().error(new java.util.concurrent.CompletionException(new java.io.IOException())).finish();

    assertThat(reporter.spans()).extracting(f -> f.tag(Tags.ERROR))
        .containsExactly("db down", "IllegalStateException", "IOException");
  }

  @Test
  void futureWrappersAreUnwrappedAsTheGuideSays() {
    IllegalStateException cause = new IllegalStateException("boom");
    tracer.newTrace().start().error(new java.util.concurrent.CompletionException(cause)).finish();
    tracer.newTrace().start().error(new java.util.concurrent.ExecutionException(cause)).finish();
    tracer.newTrace().start().error(new java.util.concurrent.CompletionException(
        new java.util.concurrent.ExecutionException(cause))).finish();

    assertThat(reporter.spans()).extracting(f -> f.tag(Tags.ERROR)).containsExactly("boom", "boom", "boom");
  }

  @Test
  void anIgnoredExceptionInsideAWrapperIsNotRecorded() {
    Tracer t = Tracer.builder().reporter(reporter).ignoredExceptions(java.util.concurrent.CancellationException.class).build();

    t.newTrace().start().error(new java.util.concurrent.CompletionException(
        new java.util.concurrent.CancellationException("stop"))).finish();

    assertThat(single().tag(Tags.ERROR)).isNull();
  }

  @Test
  void ignoredExceptionsAreNotRecorded() {
    Tracer t = Tracer.builder().reporter(reporter).ignoredExceptions(java.util.concurrent.CancellationException.class).build();

    t.newTrace().start().error(new java.util.concurrent.CancellationException("stop")).finish();

    assertThat(single().tag(Tags.ERROR)).isNull();
  }

  @Test
  void newChild_isNamedAndLinked() {
    Span parent = tracer.newTrace().start();

    parent.newChild("child").start().finish();
    parent.finish();

    List<FinishedSpan> spans = reporter.spans();
    assertThat(spans.get(0).name()).isEqualTo("child");
    assertThat(spans.get(0).context().parentId()).isEqualTo(parent.context().spanId());
  }

  @Test
  void childrenRecordIntoTheSameBackEnd() {
    Span child = tracer.newTrace().start().newChild("child");
    child.name(null); // misuse, counted by the tracer that made the parent

    now.addAndGet(5);
    child.start().finish();

    assertThat(child.context().sampled()).isTrue();
    assertThat(reporter.spans()).singleElement()
        .satisfies(f -> assertThat(f.localEndpoint()).isEqualTo(local))
        .satisfies(f -> assertThat(f.timestamp()).isEqualTo(1_000_005L));
    assertThat(tracer.ignoredMisuseCount()).isEqualTo(1);
  }

  @Test
  void finishFromAnotherThread() throws Exception {
    Span span = tracer.newTrace().start();

    Thread t = new Thread(span::finish);
    t.start();
    t.join();

    assertThat(single().context()).isEqualTo(span.context());
  }

  @Test
  void concurrentFinishReportsOnce() throws Exception {
    for (int round = 0; round < 200; round++) {
      Span span = tracer.newTrace().start();
      Thread a = new Thread(span::finish);
      Thread b = new Thread(span::finish);
      a.start();
      b.start();
      a.join();
      b.join();
    }

    assertThat(reporter.spans()).hasSize(200);
  }

  @Test
  void hugeStringsAreCutToTheDocumentedLimit() {
    String huge = "x".repeat(1_000_000);
    String pairAtTheCut = "y".repeat(Span.MAX_STRING_LENGTH - 1) + "\uD83D\uDE00";

    tracer.newTrace().name(huge).start().tag("k", huge).tag(huge, "v").tag("pair", pairAtTheCut).annotate(huge).finish();

    FinishedSpan f = single();
    assertThat(f.name()).hasSize(Span.MAX_STRING_LENGTH);
    assertThat(f.tag("k")).hasSize(Span.MAX_STRING_LENGTH);
    assertThat(f.tag("x".repeat(Span.MAX_STRING_LENGTH))).isEqualTo("v");
    assertThat(f.tag("pair")).hasSize(Span.MAX_STRING_LENGTH - 1).doesNotContain("\uD83D");
    assertThat(f.annotations().get(0)).hasSize(Span.MAX_STRING_LENGTH);
  }

  @Test
  void anUnfinishedSpanIsNotPinnedInMemory() throws Exception {
    java.lang.ref.WeakReference<Span> unfinished = new java.lang.ref.WeakReference<>(
        tracer.newTrace().name("never finished").start().tag("k", "v"));

    long deadline = System.nanoTime() + 10_000_000_000L;
    while (unfinished.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }

    assertThat(unfinished.get()).as("collected once unreachable").isNull();
    assertThat(reporter.spans()).isEmpty();
  }

  private FinishedSpan single() {
    assertThat(reporter.spans()).hasSize(1);
    return reporter.spans().get(0);
  }
}
