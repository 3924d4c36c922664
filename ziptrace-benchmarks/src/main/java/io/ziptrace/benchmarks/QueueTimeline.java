package io.ziptrace.benchmarks;

import io.ziptrace.reporting.DropReason;
import io.ziptrace.reporting.ReporterMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples a reporter every 50 ms on a thread of its own: its queue (spans and bytes, in flight
 * included), the sends in flight, and its sent and queue-full counts. Read beside each POST's
 * times, it tells a reporter waiting on a slow collector from one with nothing in flight.
 */
final class QueueTimeline implements AutoCloseable {
  static final long PERIOD_MILLIS = 50;

  /** One sample; {@code nanos} from {@link System#nanoTime()}. */
  record Sample(long nanos, long queuedSpans, long queuedBytes, int inFlight, long sent, long droppedQueueFull) {}

  private final List<Sample> samples = new ArrayList<>(); // guarded by this
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(work -> {
    Thread thread = new Thread(work, "queue-timeline");
    thread.setDaemon(true);
    return thread;
  });

  /** Starts sampling {@code metrics} and {@code sender} now. */
  QueueTimeline(ReporterMetrics metrics, RecordingSender sender) {
    timer.scheduleAtFixedRate(() -> add(new Sample(System.nanoTime(), metrics.queuedSpans(), metrics.queuedBytes(),
        sender.inFlight(), metrics.spansSent(), metrics.spansDropped(DropReason.QUEUE_FULL))),
        0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private synchronized void add(Sample sample) {
    samples.add(sample);
  }

  /** The samples so far, oldest first. */
  synchronized List<Sample> samples() {
    return new ArrayList<>(samples);
  }

  /** Stops sampling. */
  @Override
  public void close() {
    timer.shutdownNow();
  }
}
