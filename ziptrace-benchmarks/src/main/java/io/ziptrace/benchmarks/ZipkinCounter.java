package io.ziptrace.benchmarks;

import io.ziptrace.examples.run.ZipkinProcess;
import java.io.IOException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one of a Zipkin server's collector counters from {@code /metrics}, e.g. spans accepted over HTTP. */
final class ZipkinCounter {
  private static final Duration SETTLE_QUIET = Duration.ofSeconds(10);

  private final ZipkinProcess zipkin;
  private final Pattern counter;

  /** {@code name} as Zipkin spells it, e.g. {@code counter.zipkin_collector.spans.http}. */
  ZipkinCounter(ZipkinProcess zipkin, String name) {
    this.zipkin = zipkin;
    this.counter = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*([0-9.E]+)");
  }

  /** Spans accepted by {@code transport}'s collector ({@code http} or {@code kafka}). */
  static ZipkinCounter spans(ZipkinProcess zipkin, String transport) {
    return new ZipkinCounter(zipkin, "counter.zipkin_collector.spans." + transport);
  }

  /** The counter now; 0 while Zipkin has not counted anything yet. */
  long value() throws IOException, InterruptedException {
    String metrics = ZipkinPages.read(zipkin, "/metrics");
    Matcher m = counter.matcher(metrics);
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * Waits until the counter rose by {@code expected} from {@code before}, or stopped moving for 10 s.
   *
   * @return how much it rose
   */
  long awaitRise(long before, long expected) throws IOException, InterruptedException {
    long last = -1;
    long lastChange = System.nanoTime();
    while (true) {
      long rise = value() - before;
      if (rise >= expected) return rise;
      if (rise != last) {
        last = rise;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > SETTLE_QUIET.toNanos()) {
        return rise;
      }
      Thread.sleep(100); // polling Zipkin's counters, which offer no notification
    }
  }
}
