package io.ziptrace.http.jdk;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/** A warning about a programming mistake, logged the first time it happens and never again. */
final class OnceLog {
  private static final System.Logger LOG = System.getLogger(TracingFilter.class.getName());

  private final String message;
  private final AtomicBoolean logged = new AtomicBoolean();

  OnceLog(String message) {
    this.message = message;
  }

  void warnOnce() {
    if (logged.compareAndSet(false, true)) LOG.log(Level.WARNING, message);
  }
}
