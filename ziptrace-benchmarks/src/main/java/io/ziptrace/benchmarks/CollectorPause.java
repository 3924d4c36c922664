package io.ziptrace.benchmarks;

import io.ziptrace.examples.run.ZipkinProcess;
import java.io.IOException;
import java.time.Duration;

/**
 * Stops a Zipkin server's process for a while ({@code kill -STOP}, then {@code kill -CONT}), as a
 * long garbage-collection pause or a descheduled container would: it accepts connections (the
 * kernel does) but answers nothing until it resumes. Closing resumes it if it is still stopped.
 */
final class CollectorPause implements AutoCloseable {
  /** No pause at all. */
  static final CollectorPause NONE = new CollectorPause(-1, Duration.ZERO, Duration.ZERO);

  private final long pid;
  private final Thread thread;
  private volatile long stoppedAtNanos = -1;
  private volatile boolean stopped;

  private CollectorPause(long pid, Duration after, Duration length) {
    this.pid = pid;
    if (pid < 0) {
      thread = null;
      return;
    }
    thread = new Thread(() -> pauseOnce(after, length), "collector-pause");
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops {@code zipkin}'s process {@code after} from now, for {@code length}. */
  static CollectorPause after(ZipkinProcess zipkin, Duration after, Duration length) {
    long pid = zipkin.pid().orElseThrow(() -> new IllegalStateException("Zipkin was not started here"));
    return new CollectorPause(pid, after, length);
  }

  /** When the process was stopped ({@link System#nanoTime()}), or -1 if it was not. */
  long stoppedAtNanos() {
    return stoppedAtNanos;
  }

  private void pauseOnce(Duration after, Duration length) {
    try {
      Thread.sleep(after.toMillis()); // the pause is timed from the start of the load
      signal("-STOP");
      stoppedAtNanos = System.nanoTime();
      stopped = true;
      Thread.sleep(length.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      resume();
    }
  }

  private synchronized void resume() {
    if (!stopped) return;
    signal("-CONT");
    stopped = false;
  }

  private void signal(String which) {
    try {
      if (new ProcessBuilder("kill", which, Long.toString(pid)).inheritIO().start().waitFor() != 0) {
        throw new IllegalStateException("kill " + which + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run kill " + which + " " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Resumes the process now if it is still stopped, and waits for the pausing thread. */
  @Override
  public void close() throws InterruptedException {
    if (thread == null) return;
    thread.join();
    resume();
  }
}
