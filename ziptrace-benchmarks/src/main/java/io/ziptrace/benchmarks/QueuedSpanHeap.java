package io.ziptrace.benchmarks;

import io.ziptrace.Kind;
import io.ziptrace.Span;
import io.ziptrace.Tracer;
import io.ziptrace.reporting.AsyncReporter;
import io.ziptrace.reporting.Sender;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * The heap a queued span of the benchmarks' workload retains while it waits in an {@code
 * AsyncReporter}'s queue: what a queue limit costs in memory when it fills. One thread reports
 * spans into a reporter whose sender never answers (so every span stays queued or in flight), and
 * the heap in use after a full collection is compared with that before; the queue's own arrays
 * are counted, as they grow with it. Two shapes: the workload as the other benchmarks make it
 * (name and tag values are constants, shared by every span) and the same with a string of its own
 * per span for the name and each tag value, as an application that builds them per request has.
 *
 * <p>Usage: {@code QueuedSpanHeap [spans, default 100000]}
 */
public final class QueuedSpanHeap {
  private QueuedSpanHeap() {}

  /** Prints the bytes retained per queued span for both shapes. */
  public static void main(String[] args) throws Exception {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    System.out.printf(Locale.ROOT, "| spans queued | shape | heap retained, MiB | bytes per queued span |%n|---:|---|---:|---:|%n");
    for (boolean ownStrings : new boolean[] {false, true}) {
      measure(spans, ownStrings); // the first pass loads and compiles the classes involved
      long retained = measure(spans, ownStrings);
      System.out.printf(Locale.ROOT, "| %d | %s | %.1f | %.0f |%n", spans,
          ownStrings ? "name and tag values a string of their own" : "as the other benchmarks (shared strings)",
          retained / 1048576.0, retained / (double) spans);
    }
  }

  /** Heap retained by {@code spans} queued spans, in bytes. */
  private static long measure(int spans, boolean ownStrings) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Sender stuck = DiscardingSender.blockedUntil(release);
    long before = usedAfterGc();
    AsyncReporter reporter = AsyncReporter.builder(stuck).queuedMaxSpans(spans).queuedMaxBytes(Long.MAX_VALUE)
        .closeTimeout(java.time.Duration.ZERO).shutdownHook(false).build();
    Tracer tracer = Tracer.builder().localEndpoint(Fixtures.LOCAL).reporter(reporter).build();
    for (int i = 0; i < spans; i++) {
      if (ownStrings) finishWithOwnStrings(tracer);
      else Fixtures.finishSpan(tracer);
    }
    if (reporter.metrics().queuedSpans() != spans) {
      throw new IllegalStateException("expected " + spans + " spans held, got " + reporter.metrics());
    }
    long after = usedAfterGc();
    release.countDown();
    reporter.close();
    tracer.close();
    return after - before;
  }

  private static void finishWithOwnStrings(Tracer tracer) {
    Span span = tracer.newTrace().name(new String(Fixtures.NAME)).kind(Kind.SERVER).start();
    for (String[] tag : Fixtures.TAGS) span.tag(tag[0], new String(tag[1]));
    span.annotate(Fixtures.ANNOTATION).finish();
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) { // until a collection frees nothing more
      System.gc();
      Thread.sleep(100); // lets reference processing finish between collections
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) break;
      used = now;
    }
    return Math.min(used, memory.getHeapMemoryUsage().getUsed());
  }
}
