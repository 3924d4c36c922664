package io.ziptrace.reporting;

import io.ziptrace.internal.Phrases;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The reporter's log lines. A warning says what happened, to how many spans, for which collector
 * and why. One rule keeps an outage from flooding the application's log: a line of each kind
 * (drops, the start of an outage, spans reaching the collector again) is logged at most once per
 * interval ({@link Throttle}); what is skipped meanwhile is told by the next line that logs, and
 * {@link #closed} logs a summary of everything sent and dropped, so no drop goes unlogged.
 *
 * <p>Drops are counted in {@link ReporterMetrics} by the caller before they are logged here; what
 * was dropped meanwhile is the difference between the metrics now and at the last line that
 * counted them, so a skipped warning costs no more than a clock read. Lines are written under
 * this object's lock; the fields read without it, to skip early, are volatile.
 */
final class ReporterLog {
  private static final System.Logger LOG = System.getLogger(AsyncReporter.class.getName());
  private static final DropReason[] REASONS = DropReason.values();

  private final String destination;
  private final ReporterMetrics metrics;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final BiConsumer<Level, String> sink;
  private final Throttle dropLines;
  private final Throttle outageLines;
  private final Throttle againLines;
  private final AtomicBoolean summarized = new AtomicBoolean();
  private final AtomicBoolean droppedAfterClose = new AtomicBoolean();
  /** Whether spans were dropped since the last line that counted them; read on every send. */
  private volatile boolean dropsUnreported;
  /** Whether the start of an outage was logged and its end not yet; read on every send. */
  private volatile boolean outageLogged;
  /** Guarded by this: when the outage whose start was logged began. */
  private long outageStartNanos;
  /** Guarded by this: the metrics' drops by reason as of the last line that counted them. */
  private final long[] droppedAtLastLine = new long[REASONS.length];

  /**
   * The one rule for every rate-limited line: log now when no line of its kind was logged within
   * the interval, or when this line must be logged whatever the interval; else skip it, leaving
   * it to the next line that logs to say what was dropped meanwhile.
   */
  private final class Throttle {
    /** When a line of this kind was last logged; written under the log's lock. */
    private volatile long lastNanos = nanoClock.getAsLong() - intervalNanos;

    /** Whether a line now would be skipped: a volatile read, for callers to skip early without the lock. */
    boolean skips(long now) {
      return now - lastNanos < intervalNanos;
    }

    /** Called under the log's lock: whether to log now ({@code force}: yes); if so, a new interval starts. */
    boolean logs(long now, boolean force) {
      if (!force && skips(now)) return false;
      lastNanos = now;
      return true;
    }
  }

  /** Logs through {@code System.Logger} under {@link AsyncReporter}'s name. */
  ReporterLog(String destination, ReporterMetrics metrics, long intervalNanos) {
    this(destination, metrics, intervalNanos, System::nanoTime, ReporterLog::logged);
  }

  /**
   * Writes a line to {@code System.Logger}, or, once the JVM is shutting down, straight to
   * standard error: java.util.logging (and a bridge from it to SLF4J) resets its handlers in a
   * shutdown hook of its own, after which its lines go nowhere, and the close summary and the
   * drops at close are what an operator reads after a SIGTERM. The logger's level still decides
   * whether the line is written. A named method rather than a lambda, because java.util.logging
   * shows the calling method as the line's source ("ReporterLog logged").
   */
  private static void logged(Level level, String line) {
    if (!ReporterShutdown.inProgress()) {
      LOG.log(level, line);
    } else if (LOG.isLoggable(level)) {
      System.err.println(LOG.getName() + " " + level.getName() + ": " + line);
    }
  }

  /** Logs to {@code sink}, reading time from {@code nanoClock} (as {@link System#nanoTime()}). */
  ReporterLog(String destination, ReporterMetrics metrics, long intervalNanos, LongSupplier nanoClock, BiConsumer<Level, String> sink) {
    this.destination = destination;
    this.metrics = metrics;
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
    this.sink = sink;
    this.dropLines = new Throttle();
    this.outageLines = new Throttle();
    this.againLines = new Throttle();
  }

  /** Where the sender delivers, for the callers' messages. */
  String destination() {
    return destination;
  }

  /**
   * Logs why {@code spans} were dropped for {@code reason}, already counted in the metrics,
   * unless a warning was logged less than an interval ago.
   *
   * @param what the line, built only when logged
   */
  void dropped(DropReason reason, int spans, Supplier<String> what) {
    dropped(reason, spans, what, false);
  }

  /**
   * Logs that a span reported after {@code close()} was dropped, already counted in the metrics:
   * the first such line whatever the interval, later ones at the usual rate. No summary may come
   * after it to count the span; when {@code closedAtExit} (the JVM's shutdown hook closed the
   * reporter), it says how to keep spans that the application finishes after that.
   */
  void droppedAfterClose(boolean closedAtExit) {
    dropped(DropReason.CLOSED, 1, () -> "dropped 1 span for " + destination + ": it was reported after close()"
        + (closedAtExit ? ", which ziptrace's shutdown hook called as the JVM began shutting down; to deliver spans"
            + " finished after that (by a shutdown hook of yours, or threads still running), build the reporter with"
            + " shutdownHook(false) and close the tracer once they are finished" : ""),
        droppedAfterClose.compareAndSet(false, true));
  }

  private void dropped(DropReason reason, int spans, Supplier<String> what, boolean whateverTheInterval) {
    // Read before written: while spans are being dropped, every application thread that drops one
    // would otherwise write the shared flag again.
    if (spans > 0 && !dropsUnreported) dropsUnreported = true;
    if (!whateverTheInterval && dropLines.skips(nanoClock.getAsLong())) return;
    synchronized (this) {
      if (!dropLines.logs(nanoClock.getAsLong(), whateverTheInterval)) return;
      sink.accept(Level.WARNING, what.get() + meanwhile(reason, spans));
      dropsUnreported = false; // this line counted every drop so far
    }
  }

  /**
   * A message reached the collector. Ends an outage whose start was logged ({@link #retrying}) with
   * a line saying how long it lasted, so that whoever read the start in the log reads the end too;
   * and when spans were dropped since the last line that counted them, says how many and why, so
   * that the end of an outage is in the log with its cost, not only in the close summary: at
   * WARNING then, else at INFO. Without an outage to end, such a line is rate-limited like the others.
   */
  void delivered() {
    if (!outageLogged && !dropsUnreported) return;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      boolean outageEnds = outageLogged;
      outageLogged = false;
      if (!outageEnds && !dropsUnreported) return;
      if (!againLines.logs(now, outageEnds)) return;
      dropsUnreported = false;
      long[] since = sinceLastLine(null, 0);
      long total = sum(since);
      String again = "spans reach " + destination + " again"
          + (outageEnds ? " after " + Phrases.duration(Duration.ofNanos(now - outageStartNanos)) : "");
      if (total > 0) {
        sink.accept(Level.WARNING, again + "; " + Phrases.count(total, "more span") + (total == 1 ? " was" : " were")
            + " dropped since the previous warning (" + byReason(since) + ")");
      } else if (outageEnds) {
        sink.accept(Level.INFO, again + "; no span was dropped meanwhile");
      }
    }
  }

  /**
   * A send failed and will be retried: logs it when it is the first failure since a message was
   * last delivered (rate-limited like the other lines), so that an outage shows in the log when it
   * starts, not only when the retries give up.
   *
   * @param what the line, built only when logged
   */
  void retrying(Supplier<String> what) {
    if (outageLogged) return;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      if (outageLogged || !outageLines.logs(now, false)) return;
      outageLogged = true;
      outageStartNanos = now;
      sink.accept(Level.WARNING, what.get());
    }
  }

  /** Logs a problem that dropped nothing itself, at the same bounded rate. */
  void warn(String message) {
    dropped(null, 0, () -> message);
  }

  /**
   * Logs once, at the first call, what the reporter sent and dropped: at INFO when nothing was
   * dropped, at WARNING otherwise; nothing when no span was ever reported.
   *
   * @param services whose spans they were ({@link ReportingServices#describe()}), or null
   */
  void closed(String services) {
    if (!summarized.compareAndSet(false, true) || metrics.spansReported() == 0) return;
    String sent = "ziptrace reporter closed: " + (services == null ? "" : services + " ") + "sent "
        + Phrases.count(metrics.spansSent(), "span") + " in "
        + Phrases.count(metrics.messagesSent(), "message") + " to " + destination;
    long dropped = metrics.spansDropped();
    if (dropped == 0) {
      sink.accept(Level.INFO, sent);
    } else {
      sink.accept(Level.WARNING, sent + "; dropped " + dropped + " (" + byReason(droppedNow()) + ")");
    }
  }

  /** Called with the lock held: the drops since the last warning, besides this one's. */
  private String meanwhile(DropReason reason, int spans) {
    long[] since = sinceLastLine(reason, spans);
    long total = sum(since);
    if (total == 0) return "";
    return " (and " + Phrases.count(total, "more span") + " dropped since the previous warning: " + byReason(since) + ")";
  }

  /**
   * Called with the lock held: the drops by reason since the last line that counted them, less
   * the {@code spans} of {@code reason} that the current line is about; that line now counts them.
   */
  private long[] sinceLastLine(DropReason reason, int spans) {
    long[] now = droppedNow();
    long[] since = new long[REASONS.length];
    for (int i = 0; i < REASONS.length; i++) {
      since[i] = Math.max(0, now[i] - droppedAtLastLine[i] - (REASONS[i] == reason ? spans : 0));
      droppedAtLastLine[i] = now[i];
    }
    return since;
  }

  private static long sum(long[] counts) {
    long total = 0;
    for (long count : counts) total += count;
    return total;
  }

  private long[] droppedNow() {
    long[] counts = new long[REASONS.length];
    for (int i = 0; i < REASONS.length; i++) counts[i] = metrics.spansDropped(REASONS[i]);
    return counts;
  }

  /** {@code SEND_FAILED 35, QUEUE_FULL 4}: the reasons with drops, most first. */
  static String byReason(long[] counts) {
    List<DropReason> reasons = new ArrayList<>();
    for (DropReason reason : REASONS) if (counts[reason.ordinal()] > 0) reasons.add(reason);
    reasons.sort(Comparator.comparingLong((DropReason r) -> counts[r.ordinal()]).reversed());
    StringBuilder line = new StringBuilder();
    for (DropReason reason : reasons) {
      if (line.length() > 0) line.append(", ");
      line.append(reason).append(' ').append(counts[reason.ordinal()]);
    }
    return line.toString();
  }
}
