package io.ziptrace.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What reporters do when the JVM shuts down: one JVM shutdown hook, shared by every reporter in
 * the JVM, closes each reporter still open that asked for it, all at once (each bounded by its
 * own close timeout), so spans queued by an application that never called {@code close()} are
 * delivered on a normal exit, {@code System.exit} or SIGTERM. A reporter is registered when its
 * threads start and deregistered when it closes, so creating and closing reporters in a loop
 * leaves nothing behind.
 *
 * <p>It also knows whether the JVM is shutting down, which the reporter's log needs:
 * java.util.logging resets its handlers in a shutdown hook of its own, which runs alongside the
 * others in no set order, so a line logged during shutdown may go nowhere. The hook marks the
 * shutdown as soon as it runs, and {@link #detect()} asks the JVM directly for a close that an
 * application's own hook starts before this one has run.
 */
final class ReporterShutdown {
  private static final Set<AsyncReporter> OPEN = ConcurrentHashMap.newKeySet();
  private static volatile boolean shuttingDown;
  /** Guarded by the class: whether the hook was added to the JVM (or could not be). */
  private static boolean hookAdded;

  private ReporterShutdown() {}

  /**
   * Adds the JVM's hook if no reporter has yet, and, when {@code closeAtExit}, has it close
   * {@code reporter} at shutdown unless {@link #deregister} is called first.
   */
  static void register(AsyncReporter reporter, boolean closeAtExit) {
    addHookOnce();
    if (closeAtExit) OPEN.add(reporter);
  }

  /** The reporter closed: the hook has nothing left to do for it. */
  static void deregister(AsyncReporter reporter) {
    OPEN.remove(reporter);
  }

  /** Whether the hook would close {@code reporter} now. */
  static boolean isRegistered(AsyncReporter reporter) {
    return OPEN.contains(reporter);
  }

  /** Whether the JVM is shutting down, as far as already known; a volatile read. */
  static boolean inProgress() {
    return shuttingDown;
  }

  /**
   * Asks the JVM whether it is shutting down, for a caller about to log at shutdown: the JVM
   * refuses new shutdown hooks once it is. Costs adding and removing a hook, so only for rare
   * calls such as {@code close()}.
   */
  static boolean detect() {
    if (shuttingDown) return true;
    Thread probe = new Thread(() -> {});
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
    } catch (IllegalStateException e) {
      shuttingDown = true;
    } catch (SecurityException e) {
      // not allowed to ask: go on as if the JVM were running, as the hook will say otherwise
    }
    return shuttingDown;
  }

  private static synchronized void addHookOnce() {
    if (hookAdded) return;
    hookAdded = true;
    Thread hook = new Thread(ReporterShutdown::closeAll, "ziptrace-reporter-shutdown");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException e) {
      shuttingDown = true; // the first span came during shutdown: whoever reported it closes the reporter
    } catch (SecurityException e) {
      // a security manager forbids hooks: spans are delivered only by close()
    }
  }

  /** The hook: closes every registered reporter on a thread of its own and waits for them all. */
  private static void closeAll() {
    shuttingDown = true;
    List<Thread> closers = new ArrayList<>();
    for (AsyncReporter reporter : OPEN) {
      Thread closer = new Thread(reporter::closeAtExit, "ziptrace-reporter-close");
      closer.start();
      closers.add(closer);
    }
    for (Thread closer : closers) {
      try {
        closer.join(); // each close() is bounded by its reporter's close timeout
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
