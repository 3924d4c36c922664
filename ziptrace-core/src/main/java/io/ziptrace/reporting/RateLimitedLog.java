package io.ziptrace.reporting;

import java.lang.System.Logger.Level;

/**
 * Logs a repeated problem at most once per interval, saying how many were suppressed meanwhile,
 * so a collector outage does not flood the application's log.
 */
final class RateLimitedLog {
  private static final System.Logger LOG = System.getLogger(AsyncReporter.class.getName());

  private final long intervalNanos;
  private long lastLogNanos;
  private boolean loggedOnce;
  private long suppressed;

  RateLimitedLog(long intervalNanos) {
    this.intervalNanos = intervalNanos;
  }

  synchronized void warn(String message) {
    long now = System.nanoTime();
    if (loggedOnce && now - lastLogNanos < intervalNanos) {
      suppressed++;
      return;
    }
    String suffix = suppressed > 0 ? " (" + suppressed + " similar messages suppressed)" : "";
    LOG.log(Level.WARNING, message + suffix);
    loggedOnce = true;
    lastLogNanos = now;
    suppressed = 0;
  }
}
